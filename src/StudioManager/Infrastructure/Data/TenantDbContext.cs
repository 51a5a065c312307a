using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;

namespace StudioManager.Infrastructure.Data;

/// <summary>One studio's database. Created per request for the resolved tenant only (TenantDbContextFactory).</summary>
public abstract class TenantDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<ClientNote> ClientNotes => Set<ClientNote>();
    public DbSet<ClientEmail> ClientEmails => Set<ClientEmail>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        try { return base.SaveChanges(acceptAllChangesOnSuccess); }
        catch (DbUpdateException e) when (SaveConflicts.Translate(e) is { } lost) { throw lost; }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try { return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken); }
        catch (DbUpdateException e) when (SaveConflicts.Translate(e) is { } lost) { throw lost; }
    }
}

public sealed class PostgresTenantDbContext(DbContextOptions<PostgresTenantDbContext> options) : TenantDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Client search is LIKE '%word%' on the lower-cased search_text: a trigram GIN index keeps it fast on
        // large studios. pg_trgm is a trusted extension, so the database owner may create it.
        builder.HasPostgresExtension("pg_trgm");
        builder.Entity<Client>().HasIndex(c => c.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

public sealed class SqliteTenantDbContext(DbContextOptions<SqliteTenantDbContext> options) : TenantDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }
}
