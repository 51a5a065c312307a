using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Microsoft.Data.Sqlite;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Infrastructure.Tenancy;

/// <summary>Creates and drops tenant databases. New studios are copies of a template database kept at the latest
/// tenant migration: CREATE DATABASE … TEMPLATE on PostgreSQL, a file copy on SQLite. Every name carries the
/// installation's key, and on PostgreSQL every database it creates is marked as the installation's (its comment): a
/// database it did not create is never migrated, written to nor dropped; a taken name is passed over for another.</summary>
public sealed class TenantProvisioner(IOptions<DatabaseOptions> options, ConnectionBudget budget, ILoggerFactory loggers, ILogger<TenantProvisioner> logger)
{
    private readonly DatabaseOptions _o = options.Value;
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static readonly HashSet<string> ReadyTemplates = [];
    private string? _installation;

    public DatabaseProvider Provider => _o.Provider;

    /// <summary>Set once the master database is migrated: the installation's key (table installation).</summary>
    public void UseInstallation(string key) => _installation = key;

    private string Installation => _installation
        ?? throw new InvalidOperationException("The installation is not identified yet: migrate the master database first.");

    /// <summary>The name a studio's database gets first: rsm_t_&lt;installation&gt;_42 on PostgreSQL, &lt;installation&gt;_42.db on SQLite.</summary>
    public string DatabaseNameFor(int organizationId) =>
        _o.Provider == DatabaseProvider.Postgres ? $"{_o.TenantDatabasePrefix}{Installation}_{organizationId}" : $"{Installation}_{organizationId}.db";

    /// <summary>The installation's own template: rsm_t_&lt;installation&gt;_template, or _template_&lt;installation&gt;.db.</summary>
    public string TemplateDatabaseName =>
        _o.Provider == DatabaseProvider.Postgres ? $"{_o.TenantDatabasePrefix}{Installation}_template" : $"_template_{Installation}.db";

    /// <summary>The master's server ("local" on SQLite).</summary>
    public string Server => DbContextConfiguration.MasterServer(_o);

    /// <summary>The servers new studios may go to (the master's first).</summary>
    public IReadOnlyList<string> Servers => DbContextConfiguration.StudioServers(_o);

    /// <summary>The comment that marks a PostgreSQL database as this installation's.</summary>
    private string Mark => $"studio-manager installation {Installation}";

    /// <summary>Id of the newest tenant migration this build knows.</summary>
    public string LatestSchemaVersion()
    {
        using var ctx = DbContextConfiguration.CreateTenantContext(_o.Provider, TemplateConnectionString(Server), loggers);
        return ctx.Database.GetMigrations().Last();
    }

    /// <summary>Migrates the template of every studio server to the latest tenant schema (once per process unless
    /// forced). Refuses a template of that name that this installation did not create.</summary>
    public async Task EnsureTemplateAsync(bool force = false, CancellationToken ct = default)
    {
        foreach (var server in Servers) await EnsureTemplateAsync(server, force, ct);
    }

    private async Task EnsureTemplateAsync(string server, bool force, CancellationToken ct)
    {
        var key = TemplateConnectionString(server);
        await TemplateLock.WaitAsync(ct);
        try
        {
            if (!force && ReadyTemplates.Contains(key)) return;
            if (_o.Provider == DatabaseProvider.Postgres)
            {
                await using var lease = await OpenAdminAsync(server, ct);
                var admin = lease.Connection;
                // Another node of this installation may be doing the same: serialise on an advisory lock of its own.
                await ExecAsync(admin, $"SELECT pg_advisory_lock(hashtext('{TemplateDatabaseName}'))", ct);
                try
                {
                    if (!await PgDatabaseExistsAsync(admin, TemplateDatabaseName, ct))
                    {
                        await ExecAsync(admin, $"CREATE DATABASE {Quote(TemplateDatabaseName)}", ct);
                        await MarkAsync(admin, TemplateDatabaseName, ct);
                    }
                    else if (await OwnerOfAsync(admin, TemplateDatabaseName, ct) != Mark)
                        throw new InvalidOperationException($"The database {TemplateDatabaseName} exists and this installation did not create it: it is left alone.");
                    // Closed when done (not kept idle): CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template.
                    await using var template = await budget.LeaseAsync(server, key, keepIdle: false, ct);
                    await using var ctx = DbContextConfiguration.CreateTenantContext(template.Connection, loggers);
                    await ctx.Database.MigrateAsync(ct);
                }
                finally
                {
                    await ExecAsync(admin, $"SELECT pg_advisory_unlock(hashtext('{TemplateDatabaseName}'))", ct);
                }
            }
            else
            {
                Directory.CreateDirectory(_o.TenantsFolder);
                await using (var ctx = DbContextConfiguration.CreateTenantContext(_o.Provider, key, loggers)) await ctx.Database.MigrateAsync(ct);
                SqliteConnection.ClearPool(new SqliteConnection(key));
            }
            ReadyTemplates.Add(key);
            logger.LogInformation("Tenant template {Template} on {Server} is at the latest schema", TemplateDatabaseName, server);
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    /// <summary>Creates a studio's database from the template, under this name or, when a database of that name exists
    /// already (left over, or not this installation's), under the next free one (name_2, name_3…); returns the name.</summary>
    public async Task<string> CreateAsync(string server, string databaseName, CancellationToken ct = default)
    {
        await EnsureTemplateAsync(server, force: false, ct);
        for (var n = 1; n <= 20; n++)
        {
            var name = n == 1 ? databaseName : Alternative(databaseName, n);
            if (await TryCreateAsync(server, name, ct)) return name;
            logger.LogWarning("A database {Database} exists already; it is left alone and the studio gets another name", name);
        }
        throw new InvalidOperationException($"No free database name for {databaseName}.");
    }

    private static string Alternative(string name, int n) =>
        name.EndsWith(".db", StringComparison.Ordinal) ? $"{name[..^3]}_{n}.db" : $"{name}_{n}";

    private async Task<bool> TryCreateAsync(string server, string name, CancellationToken ct)
    {
        if (_o.Provider == DatabaseProvider.Sqlite)
        {
            try
            {
                File.Copy(Path.Combine(_o.TenantsFolder, TemplateDatabaseName), Path.Combine(_o.TenantsFolder, name), overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(Path.Combine(_o.TenantsFolder, name)))
            {
                return false;
            }
        }

        await using var lease = await OpenAdminAsync(server, ct);
        var admin = lease.Connection;
        try
        {
            // The template is briefly in use while another node migrates or clones it.
            await RetryOnAsync(PostgresErrorCodes.ObjectInUse, 10, attempt => 100 * attempt, async () =>
            {
                await ExecAsync(admin, $"CREATE DATABASE {Quote(name)} TEMPLATE {Quote(TemplateDatabaseName)}", ct);
                await MarkAsync(admin, name, ct);
            }, ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            return false;
        }
    }

    /// <summary>Drops a studio's database if it exists and is this installation's (compensation of a failed
    /// registration, studio deletion).</summary>
    public async Task DropAsync(string server, string databaseName, CancellationToken ct = default)
    {
        if (_o.Provider == DatabaseProvider.Postgres)
        {
            await budget.ForgetAsync(server, DbContextConfiguration.TenantConnectionString(_o, _o.Provider, server, databaseName));
            await using var admin = await OpenAdminAsync(server, ct);
            if (!await PgDatabaseExistsAsync(admin.Connection, databaseName, ct)) return;
            if (await OwnerOfAsync(admin.Connection, databaseName, ct) != Mark)
            {
                logger.LogWarning("The database {Database} is not this installation's: it is not dropped", databaseName);
                return;
            }
            // FORCE ends the role's own sessions, but a role that is not superuser may not end a superuser's process,
            // and an autovacuum worker visiting the new database is one: it leaves within moments.
            await RetryOnAsync(PostgresErrorCodes.InsufficientPrivilege, 40, _ => 250,
                () => ExecAsync(admin.Connection, $"DROP DATABASE IF EXISTS {Quote(databaseName)} WITH (FORCE)", ct), ct);
            return;
        }

        var path = Path.Combine(_o.TenantsFolder, databaseName);
        SqliteConnection.ClearPool(new SqliteConnection(DbContextConfiguration.TenantConnectionString(_o, _o.Provider, Server, databaseName)));
        File.Delete(path);
    }

    /// <summary>Before migrating a studio's database on PostgreSQL: it must be this installation's. One recorded in the
    /// master without any mark (created before databases were marked) is claimed; one marked by another installation
    /// is refused.</summary>
    public async Task CheckOwnedAsync(NpgsqlConnection tenant, string databaseName, CancellationToken ct)
    {
        var mark = await OwnerOfAsync(tenant, databaseName, ct);
        if (mark == Mark) return;
        if (mark is not null)
            throw new InvalidOperationException($"The database {databaseName} belongs to another installation ({mark}): it is left alone.");
        await MarkAsync(tenant, databaseName, ct);
    }

    public async Task<bool> ExistsAsync(string server, string databaseName, CancellationToken ct = default)
    {
        if (_o.Provider == DatabaseProvider.Sqlite) return File.Exists(Path.Combine(_o.TenantsFolder, databaseName));
        await using var admin = await OpenAdminAsync(server, ct);
        return await PgDatabaseExistsAsync(admin.Connection, databaseName, ct);
    }

    private string TemplateConnectionString(string server) => _o.Provider == DatabaseProvider.Postgres
        ? DbContextConfiguration.TenantConnectionString(_o, _o.Provider, server, TemplateDatabaseName, direct: true)
        : $"Data Source={Path.Combine(_o.TenantsFolder, TemplateDatabaseName)}";

    /// <summary>CREATE/DROP DATABASE run on a connection to the master database (its role needs CREATEDB), taken from
    /// the budget and closed after use.</summary>
    private Task<LeasedConnection> OpenAdminAsync(string server, CancellationToken ct) =>
        budget.LeaseAsync(server, DbContextConfiguration.AdminConnectionString(_o, server), keepIdle: false, ct);

    private static async Task<bool> PgDatabaseExistsAsync(NpgsqlConnection conn, string name, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", conn);
        cmd.Parameters.AddWithValue("n", name);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>The comment of a database (pg_database is shared: any connection to the server reads it).</summary>
    private static async Task<string?> OwnerOfAsync(NpgsqlConnection conn, string name, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = @n", conn);
        cmd.Parameters.AddWithValue("n", name);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    private Task MarkAsync(NpgsqlConnection conn, string name, CancellationToken ct) =>
        ExecAsync(conn, $"COMMENT ON DATABASE {Quote(name)} IS '{Mark}'", ct); // the key is [a-z0-9]

    private static async Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs work again while PostgreSQL answers a passing error (sqlState), up to a number of attempts, waiting
    /// delayMs(attempt) between them; any other error, or the last attempt's, goes to the caller.</summary>
    private static async Task RetryOnAsync(string sqlState, int attempts, Func<int, int> delayMs, Func<Task> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await work();
                return;
            }
            catch (PostgresException e) when (e.SqlState == sqlState && attempt < attempts)
            {
                await Task.Delay(delayMs(attempt), ct);
            }
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
