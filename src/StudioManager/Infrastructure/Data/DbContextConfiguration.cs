using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace StudioManager.Infrastructure.Data;

/// <summary>How the studio databases are reached for each provider; with the master's registration
/// (Platform/MasterDbContext.cs) the only place that knows connection strings.</summary>
public static class DbContextConfiguration
{
    /// <summary>A context on one tenant database. Pass the app's logger factory so that tenant queries are logged
    /// like the master's (one factory for the whole app keeps EF's internal service provider shared).</summary>
    public static TenantDbContext CreateTenantContext(DatabaseProvider provider, string connectionString, ILoggerFactory? loggers = null) => provider switch
    {
        DatabaseProvider.Postgres => new PostgresTenantDbContext(ForStudios(new DbContextOptionsBuilder<PostgresTenantDbContext>().UseNpgsql(connectionString), loggers)),
        _ => new SqliteTenantDbContext(ForStudios(new DbContextOptionsBuilder<SqliteTenantDbContext>().UseSqlite(connectionString), loggers)),
    };

    /// <summary>A context on a PostgreSQL tenant connection leased from the <see cref="ConnectionBudget"/>: EF uses
    /// it open as it is and leaves it open; the lease's owner gives it back.</summary>
    public static TenantDbContext CreateTenantContext(NpgsqlConnection connection, ILoggerFactory? loggers = null) =>
        new PostgresTenantDbContext(ForStudios(new DbContextOptionsBuilder<PostgresTenantDbContext>().UseNpgsql(connection), loggers));

    /// <summary>The pool of studio contexts that requests rent (<see cref="TenantConnection"/>): a context's EF services are
    /// built once and reused, and only the studio's connection is set on each rental.</summary>
    public static IServiceCollection AddTenantContextPool(this IServiceCollection services, DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
            services.AddPooledDbContextFactory<PostgresTenantDbContext>((sp, o) => o.UseNpgsql().ForStudios(sp.GetRequiredService<ILoggerFactory>()));
        else
            services.AddPooledDbContextFactory<SqliteTenantDbContext>((sp, o) => o.UseSqlite().ForStudios(sp.GetRequiredService<ILoggerFactory>()));
        return services.AddSingleton(sp => new TenantContextPool(provider == DatabaseProvider.Postgres
            ? sp.GetRequiredService<IDbContextFactory<PostgresTenantDbContext>>().CreateDbContext
            : sp.GetRequiredService<IDbContextFactory<SqliteTenantDbContext>>().CreateDbContext));
    }

    /// <summary>What every studio context shares after its provider. Migrate compares the model with the last migration's
    /// snapshot each time: over a second of CPU per studio, a thousand times in a fleet migration, for an answer that
    /// cannot differ between studios; the comparison runs once, in Unit/MigrationSnapshotTests.</summary>
    private static DbContextOptionsBuilder ForStudios(this DbContextOptionsBuilder options, ILoggerFactory? loggers) =>
        options.UseSnakeCaseNamingConvention().UseLoggerFactory(loggers)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

    private static DbContextOptions<T> ForStudios<T>(DbContextOptionsBuilder<T> options, ILoggerFactory? loggers) where T : DbContext
    {
        options.ForStudios(loggers);
        return options.Options;
    }

    public static TenantDbContext CreateTenantContext(DatabaseOptions options, DatabaseProvider provider, string server, string databaseName,
        ILoggerFactory? loggers = null) =>
        CreateTenantContext(provider, TenantConnectionString(options, provider, server, databaseName), loggers);

    /// <summary>The connection string of one tenant database. PostgreSQL tenants reuse the master's credentials on
    /// the server named in tenant_databases. Unpooled: the <see cref="ConnectionBudget"/> keeps them instead of Npgsql,
    /// so that all tenants of a server share one bound. Requests go through the PgBouncer of the server when there is
    /// one; direct (provisioning, migrations) goes straight to the server.</summary>
    public static string TenantConnectionString(DatabaseOptions options, DatabaseProvider provider, string server, string databaseName, bool direct = false)
    {
        if (provider == DatabaseProvider.Sqlite)
            // Mode=ReadWrite: a missing tenant file is an error, never silently a new empty database.
            return $"Data Source={Path.Combine(options.TenantsFolder, databaseName)};Mode=ReadWrite";

        var b = OnServer(options, server, databaseName);
        if (!direct) ForRequests(options, server, b);
        return b.ConnectionString;
    }

    /// <summary>An unpooled connection to a database on a server, with that server's credentials (the master's unless
    /// Database:Servers gives others).</summary>
    private static NpgsqlConnectionStringBuilder OnServer(DatabaseOptions options, string server, string databaseName)
    {
        var b = new NpgsqlConnectionStringBuilder(options.ResolveMasterConnectionString()) { Database = databaseName, Pooling = false };
        var (host, port) = SplitServer(server);
        b.Host = host;
        b.Port = port ?? 5432;
        if (ServerOptions(options, server) is { } own)
        {
            if (!string.IsNullOrEmpty(own.Username)) b.Username = own.Username;
            if (own.Password is not null) b.Password = own.Password;
        }
        return b;
    }

    private static StudioServerOptions? ServerOptions(DatabaseOptions options, string server) =>
        options.Servers.FirstOrDefault(s => s.Server == server);

    /// <summary>The servers new studios may be placed on: the master's first, then Database:Servers.</summary>
    public static IReadOnlyList<string> StudioServers(DatabaseOptions options) =>
        options.Provider == DatabaseProvider.Sqlite ? ["local"]
        : [.. new[] { MasterServer(options) }.Concat(options.Servers.Select(s => s.Server)).Distinct()];

    /// <summary>This node's budget on a server: its own MaxConnections, or Database:MaxServerConnections.</summary>
    public static int MaxConnectionsTo(DatabaseOptions options, string server) =>
        ServerOptions(options, server)?.MaxConnections ?? options.MaxServerConnections;

    /// <summary>The master's pooled connection string on PostgreSQL: its pool is this node's reserved share of the
    /// server's budget, and waiting for it is bounded like waiting for a tenant connection (then 503). Through the
    /// PgBouncer when there is one, unless direct (migrating the master).</summary>
    public static string MasterConnectionString(DatabaseOptions options, bool direct = false)
    {
        if (options.Provider == DatabaseProvider.Sqlite) return options.ResolveMasterConnectionString();
        var b = new NpgsqlConnectionStringBuilder(options.ResolveMasterConnectionString())
        {
            MaxPoolSize = MasterPoolSize(options),
            Timeout = Math.Max(1, options.ConnectionWaitSeconds),
        };
        if (!direct) ForRequests(options, MasterServer(options), b);
        return b.ConnectionString;
    }

    /// <summary>A connection that serves requests: through the server's PgBouncer when there is one, else directly with
    /// its statements prepared (unless the connection string already says how many).</summary>
    private static void ForRequests(DatabaseOptions options, string server, NpgsqlConnectionStringBuilder b)
    {
        if (!string.IsNullOrEmpty(options.Pooler) && server == MasterServer(options))
        {
            // Transaction pooling keeps no session state between transactions: no prepared statements, and Npgsql's
            // reset on close is left to PgBouncer.
            var (host, port) = SplitServer(options.Pooler);
            b.Host = host;
            b.Port = port ?? 6432;
            b.NoResetOnClose = true;
            b.MaxAutoPrepare = 0;
        }
        else if (b.MaxAutoPrepare == 0 && options.PreparedStatements > 0)
        {
            b.MaxAutoPrepare = options.PreparedStatements;
            b.AutoPrepareMinUsages = 2;
        }
    }

    /// <summary>The master's share of its server's budget: a quarter, between 1 and 20. Every request reads the master
    /// briefly (membership); the rest is for tenants.</summary>
    public static int MasterPoolSize(DatabaseOptions options) => Math.Clamp(options.MaxServerConnections / 4, 1, 20);

    /// <summary>CREATE/DROP DATABASE on a server run on an unpooled connection (its role needs CREATEDB), leased from
    /// the budget: to the master database on the master's server, to the maintenance database elsewhere.</summary>
    public static string AdminConnectionString(DatabaseOptions options, string server) => server == MasterServer(options)
        ? new NpgsqlConnectionStringBuilder(options.ResolveMasterConnectionString()) { Pooling = false }.ConnectionString
        : OnServer(options, server, "postgres").ConnectionString;

    /// <summary>The server of the master database ("host" or "host:port").</summary>
    public static string MasterServer(DatabaseOptions options) => options.Provider == DatabaseProvider.Postgres
        ? ServerOf(new NpgsqlConnectionStringBuilder(options.ResolveMasterConnectionString()))
        : "local";

    /// <summary>"host" or "host:port" as recorded in tenant_databases.server.</summary>
    public static string ServerOf(NpgsqlConnectionStringBuilder b) => b.Port == 5432 ? b.Host! : $"{b.Host}:{b.Port}";

    private static (string Host, int? Port) SplitServer(string server)
    {
        var i = server.LastIndexOf(':');
        return i > 0 && int.TryParse(server[(i + 1)..], out var port) ? (server[..i], port) : (server, null);
    }
}
