using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudioManager.Migrations.Postgres.Tenant
{
    /// <inheritdoc />
    public partial class InvoiceOverdueNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "invoice_overdue_notices",
                columns: table => new
                {
                    invoice_id = table.Column<int>(type: "integer", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    notified_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    client_email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_overdue_notices", x => x.invoice_id);
                    table.ForeignKey(
                        name: "fk_invoice_overdue_notices_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "invoice_overdue_notices");
        }
    }
}
