using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudioManager.Migrations.Sqlite.Master
{
    /// <inheritdoc />
    public partial class PlanMaxClients : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "max_clients",
                table: "subscription_plans",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.UpdateData(
                table: "subscription_plans",
                keyColumn: "id",
                keyValue: 1,
                columns: new[] { "max_clients", "max_members" },
                values: new object[] { 500, 5 });

            migrationBuilder.UpdateData(
                table: "subscription_plans",
                keyColumn: "id",
                keyValue: 2,
                column: "max_clients",
                value: 1000);

            migrationBuilder.UpdateData(
                table: "subscription_plans",
                keyColumn: "id",
                keyValue: 3,
                column: "max_clients",
                value: 10000);

            migrationBuilder.UpdateData(
                table: "subscription_plans",
                keyColumn: "id",
                keyValue: 4,
                column: "max_clients",
                value: null);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "max_clients",
                table: "subscription_plans");

            migrationBuilder.UpdateData(
                table: "subscription_plans",
                keyColumn: "id",
                keyValue: 1,
                column: "max_members",
                value: 3);
        }
    }
}
