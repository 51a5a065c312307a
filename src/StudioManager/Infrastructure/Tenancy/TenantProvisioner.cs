using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Microsoft.Data.Sqlite;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Infrastructure.Tenancy;

/// <summary>Creates and drops tenant databases. New studios are copies of a template database kept at the latest
/// tenant migration: CREATE DATABASE … TEMPLATE on PostgreSQL, a file copy on SQLite.</summary>
public sealed class TenantProvisioner(IOptions<DatabaseOptions> options, ConnectionBudget budget, ILoggerFactory loggers, ILogger<TenantProvisioner> logger)
{
    private readonly DatabaseOptions _o = options.Value;
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static readonly HashSet<string> ReadyTemplates = [];

    public DatabaseProvider Provider => _o.Provider;

    /// <summary>The name a studio's database gets: rsm_t_42 on PostgreSQL, 42.db on SQLite.</summary>
    public string DatabaseNameFor(int organizationId) =>
        _o.Provider == DatabaseProvider.Postgres ? $"{_o.TenantDatabasePrefix}{organizationId}" : $"{organizationId}.db";

    public string Server => DbContextConfiguration.MasterServer(_o);

    /// <summary>Id of the newest tenant migration this build knows.</summary>
    public string LatestSchemaVersion()
    {
        using var ctx = DbContextConfiguration.CreateTenantContext(_o.Provider, TemplateConnectionString(), loggers);
        return ctx.Database.GetMigrations().Last();
    }

    /// <summary>Migrates the template to the latest tenant schema (once per process unless forced).</summary>
    public async Task EnsureTemplateAsync(bool force = false, CancellationToken ct = default)
    {
        var key = TemplateConnectionString();
        await TemplateLock.WaitAsync(ct);
        try
        {
            if (!force && ReadyTemplates.Contains(key)) return;
            if (_o.Provider == DatabaseProvider.Postgres)
            {
                await using var lease = await OpenAdminAsync(ct);
                var admin = lease.Connection;
                // Another node may be doing the same: serialise on an advisory lock.
                await ExecAsync(admin, "SELECT pg_advisory_lock(72417001)", ct);
                try
                {
                    if (!await PgDatabaseExistsAsync(admin, _o.TemplateDatabaseName, ct))
                        await ExecAsync(admin, $"CREATE DATABASE {Quote(_o.TemplateDatabaseName)}", ct);
                    // Closed when done (not kept idle): CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template.
                    await using var template = await budget.LeaseAsync(Server, key, keepIdle: false, ct);
                    await using var ctx = DbContextConfiguration.CreateTenantContext(template.Connection, loggers);
                    await ctx.Database.MigrateAsync(ct);
                }
                finally
                {
                    await ExecAsync(admin, "SELECT pg_advisory_unlock(72417001)", ct);
                }
            }
            else
            {
                Directory.CreateDirectory(_o.TenantsFolder);
                await using (var ctx = DbContextConfiguration.CreateTenantContext(_o.Provider, key, loggers)) await ctx.Database.MigrateAsync(ct);
                SqliteConnection.ClearPool(new SqliteConnection(key));
            }
            ReadyTemplates.Add(key);
            logger.LogInformation("Tenant template {Template} is at the latest schema", _o.Provider == DatabaseProvider.Postgres ? _o.TemplateDatabaseName : TemplateFile);
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    /// <summary>Creates the database of a studio from the template. Throws if it already exists.</summary>
    public async Task CreateAsync(string databaseName, CancellationToken ct = default)
    {
        await EnsureTemplateAsync(ct: ct);
        if (_o.Provider == DatabaseProvider.Postgres)
        {
            await using var lease = await OpenAdminAsync(ct);
            var admin = lease.Connection;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await ExecAsync(admin, $"CREATE DATABASE {Quote(databaseName)} TEMPLATE {Quote(_o.TemplateDatabaseName)}", ct);
                    return;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 10)
                {
                    // The template is briefly in use (another node migrating or cloning it): retry.
                    await Task.Delay(100 * attempt, ct);
                }
            }
        }

        var target = Path.Combine(_o.TenantsFolder, databaseName);
        File.Copy(TemplateFile, target, overwrite: false);
    }

    /// <summary>Drops a studio's database if it exists (compensation of a failed registration, studio deletion).</summary>
    public async Task DropAsync(string databaseName, CancellationToken ct = default)
    {
        if (_o.Provider == DatabaseProvider.Postgres)
        {
            await budget.ForgetAsync(Server, DbContextConfiguration.TenantConnectionString(_o, _o.Provider, Server, databaseName));
            await using var admin = await OpenAdminAsync(ct);
            await ExecAsync(admin.Connection, $"DROP DATABASE IF EXISTS {Quote(databaseName)} WITH (FORCE)", ct);
            return;
        }

        var path = Path.Combine(_o.TenantsFolder, databaseName);
        SqliteConnection.ClearPool(new SqliteConnection(DbContextConfiguration.TenantConnectionString(_o, _o.Provider, Server, databaseName)));
        File.Delete(path);
    }

    public async Task<bool> ExistsAsync(string databaseName, CancellationToken ct = default)
    {
        if (_o.Provider == DatabaseProvider.Sqlite) return File.Exists(Path.Combine(_o.TenantsFolder, databaseName));
        await using var admin = await OpenAdminAsync(ct);
        return await PgDatabaseExistsAsync(admin.Connection, databaseName, ct);
    }

    private string TemplateFile => Path.Combine(_o.TenantsFolder, "_template.db");

    private string TemplateConnectionString() => _o.Provider == DatabaseProvider.Postgres
        ? DbContextConfiguration.TenantConnectionString(_o, _o.Provider, Server, _o.TemplateDatabaseName)
        : $"Data Source={TemplateFile}";

    /// <summary>CREATE/DROP DATABASE run on a connection to the master database (its role needs CREATEDB), taken from
    /// the budget and closed after use.</summary>
    private Task<LeasedConnection> OpenAdminAsync(CancellationToken ct) =>
        budget.LeaseAsync(Server, DbContextConfiguration.AdminConnectionString(_o), keepIdle: false, ct);

    private static async Task<bool> PgDatabaseExistsAsync(NpgsqlConnection conn, string name, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", conn);
        cmd.Parameters.AddWithValue("n", name);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
