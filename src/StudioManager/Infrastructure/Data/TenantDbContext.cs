using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;

namespace StudioManager.Infrastructure.Data;

/// <summary>One studio's database. Created per request for the resolved tenant only (TenantDbContextFactory).</summary>
public abstract class TenantDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<ClientNote> ClientNotes => Set<ClientNote>();
    public DbSet<ClientEmail> ClientEmails => Set<ClientEmail>();

    /// <summary>Runs work in the current transaction, or in a new one committed at its end.</summary>
    public async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        if (Database.CurrentTransaction is not null) return await work();
        await using var tx = await Database.BeginTransactionAsync(ct);
        var result = await work();
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>Makes other writers of TEntity's table wait until the current transaction ends, so that a count read now
    /// holds until commit (plan limits). A SQLite transaction holds the database's write lock from its start already.</summary>
    public async Task LockTableAsync<TEntity>(CancellationToken ct)
    {
        if (Database.CurrentTransaction is null) throw new InvalidOperationException("A table is locked inside a transaction.");
        if (!Database.IsNpgsql()) return;
        var lockTable = $"LOCK TABLE \"{Model.FindEntityType(typeof(TEntity))!.GetTableName()}\" IN SHARE ROW EXCLUSIVE MODE"; // a name from the model
        await Database.ExecuteSqlRawAsync(lockTable, ct);
    }

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
