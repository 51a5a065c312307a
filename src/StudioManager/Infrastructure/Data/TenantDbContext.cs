using Microsoft.EntityFrameworkCore;

namespace StudioManager.Infrastructure.Data;

/// <summary>A feature's tables in the studio database. Each feature folder has one; the context finds them all, so
/// the mechanism never names a feature. A feature gives its tables to callers as extension properties on the context.</summary>
public interface ITenantModel
{
    void Build(ModelBuilder model, DatabaseProvider provider);
}

/// <summary>One studio's database. Created per request for the resolved tenant only.</summary>
public abstract class TenantDbContext(DbContextOptions options) : DbContext(options)
{
    private static readonly ITenantModel[] Parts = typeof(TenantDbContext).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ITenantModel).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (ITenantModel)Activator.CreateInstance(t)!)
        .ToArray();

    protected abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        foreach (var part in Parts) part.Build(builder, Provider);
    }

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
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class SqliteTenantDbContext(DbContextOptions<SqliteTenantDbContext> options) : TenantDbContext(options)
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }
}
