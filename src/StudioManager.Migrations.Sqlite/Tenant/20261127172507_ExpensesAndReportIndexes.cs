using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudioManager.Migrations.Sqlite.Tenant
{
    /// <inheritdoc />
    public partial class ExpensesAndReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "expenses",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    vendor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    amount = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    tax = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    project_id = table.Column<int>(type: "INTEGER", nullable: true),
                    equipment_id = table.Column<int>(type: "INTEGER", nullable: true),
                    receipt_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    receipt_file_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    receipt_content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    receipt_size = table.Column<long>(type: "INTEGER", nullable: true),
                    created_by = table.Column<int>(type: "INTEGER", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_expenses", x => x.id);
                    table.ForeignKey(
                        name: "fk_expenses_equipment_equipment_id",
                        column: x => x.equipment_id,
                        principalTable: "equipment",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_expenses_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_created_at_id",
                table: "invoices",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_open",
                table: "invoices",
                columns: new[] { "client_id", "currency", "due_date", "total", "amount_paid" },
                filter: "status IN ('Issued', 'PartiallyPaid')");

            migrationBuilder.CreateIndex(
                name: "ix_expenses_category_date",
                table: "expenses",
                columns: new[] { "category", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_expenses_date",
                table: "expenses",
                column: "date");

            migrationBuilder.CreateIndex(
                name: "ix_expenses_equipment_id",
                table: "expenses",
                column: "equipment_id");

            migrationBuilder.CreateIndex(
                name: "ix_expenses_project_id",
                table: "expenses",
                column: "project_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "expenses");

            migrationBuilder.DropIndex(
                name: "ix_invoices_created_at_id",
                table: "invoices");

            migrationBuilder.DropIndex(
                name: "ix_invoices_open",
                table: "invoices");
        }
    }
}
