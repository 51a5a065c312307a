using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;

namespace StudioManager.Infrastructure.Data;

/// <summary>One studio's database. Created per request for the resolved tenant only (TenantDbContextFactory).</summary>
public abstract class TenantDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<ClientNote> ClientNotes => Set<ClientNote>();
}

public sealed class PostgresTenantDbContext(DbContextOptions<PostgresTenantDbContext> options) : TenantDbContext(options);

public sealed class SqliteTenantDbContext(DbContextOptions<SqliteTenantDbContext> options) : TenantDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }
}
