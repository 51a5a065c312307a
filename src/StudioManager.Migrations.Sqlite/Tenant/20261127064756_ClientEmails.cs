using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudioManager.Migrations.Sqlite.Tenant
{
    /// <inheritdoc />
    public partial class ClientEmails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "client_emails",
                columns: table => new
                {
                    address = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    client_id = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_emails", x => x.address);
                    table.ForeignKey(
                        name: "fk_client_emails_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_client_emails_client_id",
                table: "client_emails",
                column: "client_id");

            // Existing addresses, lower-cased as ClientEmail.Normalize does (lower() folds ASCII letters on SQLite;
            // the next save of such a client rewrites its rows with the app's own folding). Duplicates saved by
            // earlier races keep the address on the oldest client; the others must change theirs on their next save.
            migrationBuilder.Sql("""
                INSERT OR IGNORE INTO client_emails (address, client_id)
                SELECT address, id FROM (
                    SELECT lower(trim(email)) AS address, id FROM clients WHERE email IS NOT NULL
                    UNION ALL
                    SELECT lower(trim(secondary_email)), id FROM clients WHERE secondary_email IS NOT NULL
                )
                ORDER BY id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "client_emails");
        }
    }
}
