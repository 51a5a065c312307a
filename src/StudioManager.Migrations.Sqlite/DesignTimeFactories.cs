using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using StudioManager.Infrastructure.Data;
using StudioManager.Platform;

namespace StudioManager.Migrations.Sqlite;

// Used only by `dotnet ef migrations add` (scripts/add-migration.sh); no database is opened.
public sealed class SqliteMasterDesignFactory : IDesignTimeDbContextFactory<SqliteMasterDbContext>
{
    public SqliteMasterDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMasterDbContext>().UseSqlite("Data Source=design.db").UseSnakeCaseNamingConvention().Options);
}

public sealed class SqliteTenantDesignFactory : IDesignTimeDbContextFactory<SqliteTenantDbContext>
{
    public SqliteTenantDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTenantDbContext>().UseSqlite("Data Source=design.db").UseSnakeCaseNamingConvention().Options);
}
