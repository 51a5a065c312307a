using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using StudioManager.Infrastructure.Data;
using StudioManager.Platform;

namespace StudioManager.Migrations.Postgres;

// Used only by `dotnet ef migrations add` (scripts/add-migration.sh); no database is opened.
public sealed class PostgresMasterDesignFactory : IDesignTimeDbContextFactory<PostgresMasterDbContext>
{
    public PostgresMasterDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMasterDbContext>().UseNpgsql("Host=localhost;Database=rsm_design").UseSnakeCaseNamingConvention().Options);
}

public sealed class PostgresTenantDesignFactory : IDesignTimeDbContextFactory<PostgresTenantDbContext>
{
    public PostgresTenantDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresTenantDbContext>().UseNpgsql("Host=localhost;Database=rsm_design").UseSnakeCaseNamingConvention().Options);
}
