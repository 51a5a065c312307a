using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudioManager.Migrations.Sqlite.Tenant
{
    /// <inheritdoc />
    public partial class AddContracts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "contract_numbers",
                columns: table => new
                {
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    last = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contract_numbers", x => x.year);
                });

            migrationBuilder.CreateTable(
                name: "contract_templates",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contract_templates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contracts",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    number = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    client_id = table.Column<int>(type: "INTEGER", nullable: false),
                    project_id = table.Column<int>(type: "INTEGER", nullable: true),
                    type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    terms = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    value = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    start_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    end_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    created_by = table.Column<int>(type: "INTEGER", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    sent_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    signer_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    signed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    signer_ip = table.Column<string>(type: "TEXT", maxLength: 45, nullable: true),
                    signed_text_sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ended_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    termination_reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contracts", x => x.id);
                    table.ForeignKey(
                        name: "fk_contracts_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_contract_templates_name",
                table: "contract_templates",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_contracts_client_id_status",
                table: "contracts",
                columns: new[] { "client_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_contracts_number",
                table: "contracts",
                column: "number",
                unique: true);

            // Every studio starts with one template (new studios get it from the template database).
            migrationBuilder.InsertData(
                table: "contract_templates",
                columns: new[] { "name", "type", "body", "created_at", "updated_at" },
                values: new object[] { "Standard studio agreement", "Recording", "{{contract.title}}\n\nThis agreement is made on {{today}} between {{studio.name}}, {{studio.address}} (VAT {{studio.vat}}), \"the Studio\", and {{client.name}} ({{client.company}}), {{client.address}}, {{client.email}}, \"the Client\".\n\n1. Services. The Studio provides {{contract.type}} services for the project \"{{project.title}}\" from {{contract.start_date}} to {{contract.end_date}}.\n\n2. Fee. The Client pays the Studio {{contract.value}}, invoiced as the work proceeds and due within the payment terms stated on each invoice.\n\n3. Bookings. Sessions are booked in advance. A session cancelled less than 48 hours before it starts may be charged in full.\n\n4. Recordings and ownership. Once paid in full, the Client owns the master recordings made under this agreement. The Studio keeps the session files for 90 days after delivery.\n\n5. Credits. The Client credits the Studio and its engineers on every release of the recordings.\n\n6. Termination. Either party may end this agreement in writing if the other fails to meet its obligations; work done until then is paid for.\n\nSigned for the Studio: {{studio.name}}\nSigned for the Client: {{client.name}}",
                    new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc) });

            migrationBuilder.CreateIndex(
                name: "ix_contracts_status",
                table: "contracts",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contract_numbers");

            migrationBuilder.DropTable(
                name: "contract_templates");

            migrationBuilder.DropTable(
                name: "contracts");
        }
    }
}
