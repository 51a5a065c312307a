using Microsoft.EntityFrameworkCore;
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
        DatabaseProvider.Postgres => new PostgresTenantDbContext(new DbContextOptionsBuilder<PostgresTenantDbContext>()
            .UseNpgsql(connectionString).UseSnakeCaseNamingConvention().UseLoggerFactory(loggers).Options),
        _ => new SqliteTenantDbContext(new DbContextOptionsBuilder<SqliteTenantDbContext>()
            .UseSqlite(connectionString).UseSnakeCaseNamingConvention().UseLoggerFactory(loggers).Options),
    };

    public static TenantDbContext CreateTenantContext(DatabaseOptions options, DatabaseProvider provider, string server, string databaseName,
        ILoggerFactory? loggers = null) =>
        CreateTenantContext(provider, TenantConnectionString(options, provider, server, databaseName), loggers);

    /// <summary>The connection string of one tenant database. PostgreSQL tenants reuse the master's credentials on
    /// the server named in tenant_databases, with a small pool of their own that is pruned when idle.</summary>
    public static string TenantConnectionString(DatabaseOptions options, DatabaseProvider provider, string server, string databaseName)
    {
        if (provider == DatabaseProvider.Sqlite)
            // Mode=ReadWrite: a missing tenant file is an error, never silently a new empty database.
            return $"Data Source={Path.Combine(options.TenantsFolder, databaseName)};Mode=ReadWrite";

        var b = new NpgsqlConnectionStringBuilder(options.ResolveMasterConnectionString()) { Database = databaseName };
        var (host, port) = SplitServer(server);
        b.Host = host;
        if (port is not null) b.Port = port.Value;
        b.MaxPoolSize = options.TenantMaxPoolSize;
        b.MinPoolSize = 0;
        b.ConnectionIdleLifetime = options.TenantConnectionIdleLifetime;
        b.ConnectionPruningInterval = Math.Min(10, options.TenantConnectionIdleLifetime);
        return b.ConnectionString;
    }

    /// <summary>"host" or "host:port" as recorded in tenant_databases.server.</summary>
    public static string ServerOf(NpgsqlConnectionStringBuilder b) => b.Port == 5432 ? b.Host! : $"{b.Host}:{b.Port}";

    private static (string Host, int? Port) SplitServer(string server)
    {
        var i = server.LastIndexOf(':');
        return i > 0 && int.TryParse(server[(i + 1)..], out var port) ? (server[..i], port) : (server, null);
    }
}
