using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudioManager.Migrations.Postgres.Tenant
{
    /// <inheritdoc />
    public partial class InvoiceReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_invoices_created_at_id",
                table: "invoices",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_open",
                table: "invoices",
                columns: new[] { "client_id", "currency", "due_date", "total", "amount_paid" },
                filter: "status IN ('Issued', 'PartiallyPaid')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_invoices_created_at_id",
                table: "invoices");

            migrationBuilder.DropIndex(
                name: "ix_invoices_open",
                table: "invoices");
        }
    }
}
