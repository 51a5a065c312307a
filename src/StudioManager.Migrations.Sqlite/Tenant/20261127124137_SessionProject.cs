using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudioManager.Migrations.Sqlite.Tenant
{
    /// <inheritdoc />
    public partial class SessionProject : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // project_id was never checked before this key: one pointing to no project is dropped, not kept dangling.
            migrationBuilder.Sql("UPDATE sessions SET project_id = NULL WHERE project_id IS NOT NULL AND project_id NOT IN (SELECT id FROM projects);");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_project_id_starts_at",
                table: "sessions",
                columns: new[] { "project_id", "starts_at" });

            migrationBuilder.AddForeignKey(
                name: "fk_sessions_projects_project_id",
                table: "sessions",
                column: "project_id",
                principalTable: "projects",
                principalColumn: "id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_sessions_projects_project_id",
                table: "sessions");

            migrationBuilder.DropIndex(
                name: "ix_sessions_project_id_starts_at",
                table: "sessions");
        }
    }
}
