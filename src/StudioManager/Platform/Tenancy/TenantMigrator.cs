using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Tenancy;
using StudioManager.Platform;

namespace StudioManager.Platform.Tenancy;

public sealed record TenantMigrationFailure(int OrganizationId, string DatabaseName, string Error);
/// <summary>TemplateError: the template could not be migrated (new studios cannot be created until it is); the
/// studios were migrated all the same.</summary>
public sealed record MigrationReport(int Migrated, IReadOnlyList<TenantMigrationFailure> Failures, TimeSpan Elapsed, string? TemplateError = null)
{
    public bool Succeeded => Failures.Count == 0 && TemplateError is null;
}

/// <summary>Migrates the master, the tenant template and every tenant database, a bounded number at a time.
/// A failing tenant is marked failed and reported; the others go on. Safe to re-run.</summary>
public sealed class TenantMigrator(IServiceScopeFactory scopes, TenantProvisioner provisioner, ConnectionBudget budget,
    IOptions<DatabaseOptions> options, TimeProvider clock, ILoggerFactory loggers, ILogger<TenantMigrator> logger)
{
    private readonly ConcurrentDictionary<string, string> _scripts = new(); // by the version they start from

    public async Task MigrateMasterAsync(CancellationToken ct = default)
    {
        if (options.Value.Provider == DatabaseProvider.Sqlite) Directory.CreateDirectory(options.Value.FullDataPath);
        await using (var master = MasterDatabase.CreateForMigrations(options.Value))
            await master.Database.MigrateAsync(ct);
        await IdentifyInstallationAsync(ct);
    }

    /// <summary>Reads this installation's key from the master (making it the first time) and gives it to the
    /// provisioner: every database name it makes carries it. Nodes starting together agree on the first one stored.</summary>
    public async Task IdentifyInstallationAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var master = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
        var installation = await master.Installation.AsNoTracking().SingleOrDefaultAsync(ct);
        if (installation is null)
        {
            master.Installation.Add(new Installation { Key = Installation.NewKey(), CreatedAt = clock.GetUtcNow().UtcDateTime });
            try { await master.SaveChangesAsync(ct); }
            catch (ConflictException) { master.ChangeTracker.Clear(); } // another node stored its key first
            installation = await master.Installation.AsNoTracking().SingleAsync(ct);
        }
        provisioner.UseInstallation(installation.Key);
    }

    public async Task<MigrationReport> MigrateAllAsync(CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        await MigrateMasterAsync(ct);
        string? templateError = null;
        try
        {
            await provisioner.EnsureTemplateAsync(force: true, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            templateError = e.GetBaseException().Message;
            logger.LogError(e, "The tenant template could not be migrated; studios are migrated all the same");
        }

        List<TenantDatabase> tenants;
        await using (var scope = scopes.CreateAsyncScope())
            tenants = await scope.ServiceProvider.GetRequiredService<MasterDbContext>().TenantDatabases.AsNoTracking()
                .Where(t => t.Status != TenantDatabaseStatus.Deleted && t.Status != TenantDatabaseStatus.Provisioning)
                .OrderBy(t => t.Id).ToListAsync(ct);

        var failures = new ConcurrentBag<TenantMigrationFailure>();
        var migrated = 0;
        await Parallel.ForEachAsync(tenants,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.MigrationParallelism), CancellationToken = ct },
            async (tenant, token) =>
            {
                var error = await MigrateTenantAsync(tenant.Id, token);
                if (error is null) Interlocked.Increment(ref migrated);
                else failures.Add(new TenantMigrationFailure(tenant.OrganizationId, tenant.DatabaseName, error));
            });

        return new MigrationReport(migrated, [.. failures.OrderBy(f => f.OrganizationId)], watch.Elapsed, templateError);
    }

    /// <summary>On PostgreSQL, a studio database at a known version is brought to the latest by the SQL of the migrations
    /// after it, generated once per version for the whole fleet: EF's Migrate builds each pending migration's model
    /// again for every database, most of its cost. The script and the history rows it writes run in one transaction,
    /// after taking the history table's lock (as Migrate does), and the version is read under that lock: a second
    /// migrate of the same database waits, then finds nothing left to do. Four round trips for a studio to migrate,
    /// three for one already at the latest. A database with no history (repaired, or new) goes through Migrate.
    /// Returns the version the database is at.</summary>
    private async Task<string?> MigrateByScriptAsync(TenantDbContext tenant, NpgsqlConnection connection, CancellationToken ct)
    {
        var latest = tenant.Database.GetMigrations().Last();
        string? from;
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            try
            {
                await using var read = new NpgsqlCommand(
                    $"LOCK TABLE \"{HistoryRepository.DefaultTableName}\" IN ACCESS EXCLUSIVE MODE; " +
                    $"SELECT max(migration_id) FROM \"{HistoryRepository.DefaultTableName}\"", connection, tx); // snake_case naming renames it too
                from = await read.ExecuteScalarAsync(ct) as string;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                from = null;
            }
            if (from is not null && from != latest)
            {
                var script = _scripts.GetOrAdd(from, f => tenant.GetService<IMigrator>().GenerateScript(f, null, MigrationsSqlGenerationOptions.NoTransactions));
                await using var migrate = new NpgsqlCommand(script, connection, tx);
                await migrate.ExecuteNonQueryAsync(ct);
            }
            if (from is not null) await tx.CommitAsync(ct);
        }
        if (from is not null) return latest;
        await tenant.Database.MigrateAsync(ct);
        return (await tenant.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();
    }

    /// <summary>Migrates one tenant and records the outcome in tenant_databases; returns the error, or null.</summary>
    private async Task<string?> MigrateTenantAsync(int tenantDatabaseId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var master = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
        var row = await master.TenantDatabases.SingleAsync(t => t.Id == tenantDatabaseId, ct);
        row.Status = TenantDatabaseStatus.Migrating;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await master.SaveChangesAsync(ct);
        try
        {
            // On PostgreSQL a connection from the budget, closed afterwards (a migrated studio is not a used one); opening
            // it fails for a lost database, which is reported, never replaced by an empty one (EF would create it).
            await using var lease = row.Provider == DatabaseProvider.Postgres
                ? await budget.LeaseAsync(row.Server,
                    DbContextConfiguration.TenantConnectionString(options.Value, row.Provider, row.Server, row.DatabaseName, direct: true), keepIdle: false, ct)
                : null;
            await using var tenant = lease is not null
                ? DbContextConfiguration.CreateTenantContext(lease.Connection, loggers)
                : DbContextConfiguration.CreateTenantContext(options.Value, row.Provider, row.Server, row.DatabaseName, loggers);
            if (lease is not null)
            {
                await provisioner.CheckOwnedAsync(lease.Connection, row.DatabaseName, ct);
                row.SchemaVersion = await MigrateByScriptAsync(tenant, lease.Connection, ct);
            }
            else
            {
                if (!await tenant.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct))
                    throw new InvalidOperationException($"The database {row.DatabaseName} does not exist; restore it, then migrate again.");
                await tenant.Database.MigrateAsync(ct);
                row.SchemaVersion = (await tenant.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();
            }
            row.Status = TenantDatabaseStatus.Ready;
            row.LastError = null;
            logger.LogInformation("Tenant {StudioId} ({Database}) migrated to {Version}", row.OrganizationId, row.DatabaseName, row.SchemaVersion);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            row.Status = TenantDatabaseStatus.Failed;
            row.LastError = e.GetBaseException().Message;
            logger.LogError(e, "Tenant {StudioId} ({Database}) failed to migrate", row.OrganizationId, row.DatabaseName);
        }
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await master.SaveChangesAsync(CancellationToken.None);
        return row.Status == TenantDatabaseStatus.Failed ? row.LastError : null;
    }
}
