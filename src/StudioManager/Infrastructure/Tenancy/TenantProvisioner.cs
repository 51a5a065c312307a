using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Microsoft.Data.Sqlite;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Infrastructure.Tenancy;

/// <summary>Creates and drops tenant databases. New studios are copies of a template database kept at the latest
/// tenant migration: CREATE DATABASE … TEMPLATE on PostgreSQL, a file copy on SQLite.</summary>
public sealed class TenantProvisioner(IOptions<DatabaseOptions> options, ILoggerFactory loggers, ILogger<TenantProvisioner> logger)
{
    private readonly DatabaseOptions _o = options.Value;
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static readonly HashSet<string> ReadyTemplates = [];

    public DatabaseProvider Provider => _o.Provider;

    /// <summary>The name a studio's database gets: rsm_t_42 on PostgreSQL, 42.db on SQLite.</summary>
    public string DatabaseNameFor(int organizationId) =>
        _o.Provider == DatabaseProvider.Postgres ? $"{_o.TenantDatabasePrefix}{organizationId}" : $"{organizationId}.db";

    public string Server => _o.Provider == DatabaseProvider.Postgres
        ? DbContextConfiguration.ServerOf(new NpgsqlConnectionStringBuilder(_o.ResolveMasterConnectionString()))
        : "local";

    /// <summary>Id of the newest tenant migration this build knows.</summary>
    public string LatestSchemaVersion()
    {
        using var ctx = TemplateContext();
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
                await using var admin = await OpenAdminAsync(ct);
                // Another node may be doing the same: serialise on an advisory lock.
                await ExecAsync(admin, "SELECT pg_advisory_lock(72417001)", ct);
                try
                {
                    if (!await PgDatabaseExistsAsync(admin, _o.TemplateDatabaseName, ct))
                        await ExecAsync(admin, $"CREATE DATABASE {Quote(_o.TemplateDatabaseName)}", ct);
                    await using (var ctx = TemplateContext()) await ctx.Database.MigrateAsync(ct);
                    // CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template.
                    NpgsqlConnection.ClearPool(new NpgsqlConnection(key));
                }
                finally
                {
                    await ExecAsync(admin, "SELECT pg_advisory_unlock(72417001)", ct);
                }
            }
            else
            {
                Directory.CreateDirectory(_o.TenantsFolder);
                await using (var ctx = TemplateContext()) await ctx.Database.MigrateAsync(ct);
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
            await using var admin = await OpenAdminAsync(ct);
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
            NpgsqlConnection.ClearPool(new NpgsqlConnection(DbContextConfiguration.TenantConnectionString(_o, _o.Provider, Server, databaseName)));
            await using var admin = await OpenAdminAsync(ct);
            await ExecAsync(admin, $"DROP DATABASE IF EXISTS {Quote(databaseName)} WITH (FORCE)", ct);
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
        return await PgDatabaseExistsAsync(admin, databaseName, ct);
    }

    private string TemplateFile => Path.Combine(_o.TenantsFolder, "_template.db");

    private string TemplateConnectionString() => _o.Provider == DatabaseProvider.Postgres
        ? DbContextConfiguration.TenantConnectionString(_o, _o.Provider, Server, _o.TemplateDatabaseName)
        : $"Data Source={TemplateFile}";

    private TenantDbContext TemplateContext() => DbContextConfiguration.CreateTenantContext(_o.Provider, TemplateConnectionString(), loggers);

    /// <summary>CREATE/DROP DATABASE run from the master database's connection (its role needs CREATEDB).</summary>
    private async Task<NpgsqlConnection> OpenAdminAsync(CancellationToken ct)
    {
        var b = new NpgsqlConnectionStringBuilder(_o.ResolveMasterConnectionString()) { Pooling = false };
        var conn = new NpgsqlConnection(b.ConnectionString);
        await conn.OpenAsync(ct);
        return conn;
    }

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
