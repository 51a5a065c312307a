using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudioManager.Migrations.Postgres.Tenant
{
    /// <inheritdoc />
    public partial class DocumentNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "document_numbers",
                columns: table => new
                {
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    last = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_numbers", x => new { x.kind, x.year });
                });

            // The three yearly counters become rows of one table: numbering goes on where it stood.
            migrationBuilder.Sql("INSERT INTO document_numbers (kind, \"year\", \"last\") SELECT 'Invoice', \"year\", \"last\" FROM invoice_numbers;");
            migrationBuilder.Sql("INSERT INTO document_numbers (kind, \"year\", \"last\") SELECT 'Quote', \"year\", \"last\" FROM quote_numbers;");
            migrationBuilder.Sql("INSERT INTO document_numbers (kind, \"year\", \"last\") SELECT 'Contract', \"year\", \"last\" FROM contract_numbers;");

            migrationBuilder.DropTable(
                name: "contract_numbers");

            migrationBuilder.DropTable(
                name: "invoice_numbers");

            migrationBuilder.DropTable(
                name: "quote_numbers");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "contract_numbers",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    last = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contract_numbers", x => x.year);
                });

            migrationBuilder.CreateTable(
                name: "invoice_numbers",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    last = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_numbers", x => x.year);
                });

            migrationBuilder.CreateTable(
                name: "quote_numbers",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    last = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quote_numbers", x => x.year);
                });

            migrationBuilder.Sql("INSERT INTO invoice_numbers (\"year\", \"last\") SELECT \"year\", \"last\" FROM document_numbers WHERE kind = 'Invoice';");
            migrationBuilder.Sql("INSERT INTO quote_numbers (\"year\", \"last\") SELECT \"year\", \"last\" FROM document_numbers WHERE kind = 'Quote';");
            migrationBuilder.Sql("INSERT INTO contract_numbers (\"year\", \"last\") SELECT \"year\", \"last\" FROM document_numbers WHERE kind = 'Contract';");

            migrationBuilder.DropTable(
                name: "document_numbers");
        }
    }
}
