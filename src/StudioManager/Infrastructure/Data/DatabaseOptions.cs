namespace StudioManager.Infrastructure.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Bound from the "Database" section (Database__Provider, …) and "Data" (Data__Path).</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder for SQLite files, pickup mail, uploaded files and keys. Default ./data under the working directory.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>Master connection string (ConnectionStrings:Master). Empty on SQLite means {DataPath}/master.db.</summary>
    public string? MasterConnectionString { get; set; }

    /// <summary>Prefix of tenant database names on PostgreSQL: rsm_t_&lt;installation&gt;_42, the template rsm_t_&lt;installation&gt;_template.</summary>
    public string TenantDatabasePrefix { get; set; } = "rsm_t_";

    /// <summary>"host:port" of a PgBouncer (transaction pooling, wildcard database) in front of the master's server:
    /// requests reach the master and the studios through it; provisioning and migrations go straight to the server.</summary>
    public string? Pooler { get; set; }

    /// <summary>Further PostgreSQL servers for studios, each with its own credentials and budget
    /// (Database:Servers:0:Server = "host:port", :Username, :Password, :MaxConnections). New studios go to the least
    /// loaded of the master's server and these.</summary>
    public List<StudioServerOptions> Servers { get; set; } = [];

    /// <summary>Connections this node holds to one PostgreSQL server, master and every tenant together.</summary>
    public int MaxServerConnections { get; set; } = 60;

    /// <summary>Seconds a request waits for a connection when the budget is spent, before it answers 503.</summary>
    public int ConnectionWaitSeconds { get; set; } = 10;

    /// <summary>Connections one studio may hold at once (within the server's budget).</summary>
    public int TenantMaxPoolSize { get; set; } = 10;

    /// <summary>Seconds an idle tenant connection is kept for the next request of its studio before it is closed.</summary>
    public int TenantConnectionIdleLifetime { get; set; } = 60;

    /// <summary>Statements each PostgreSQL connection of a request keeps prepared (Npgsql's automatic preparation,
    /// from a statement's second use): a repeated query skips parsing and, when PostgreSQL keeps its generic plan,
    /// planning. 0 turns it off; always off through the <see cref="Pooler"/> (PgBouncer 1.18 in transaction pooling
    /// cannot carry a prepared statement from one transaction to the next).</summary>
    public int PreparedStatements { get; set; } = 100;

    /// <summary>How many tenants `migrate` migrates at once.</summary>
    public int MigrationParallelism { get; set; } = 4;

    /// <summary>Migrate master, template and tenants when the web app starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public string FullDataPath => Path.GetFullPath(DataPath);
    public string TenantsFolder => Path.Combine(FullDataPath, "tenants");

    /// <summary>Database:* settings, Data:Path and ConnectionStrings:Master.</summary>
    public static DatabaseOptions From(IConfiguration config)
    {
        var o = config.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        o.DataPath = config["Data:Path"] ?? o.DataPath;
        o.MasterConnectionString = config.GetConnectionString("Master") ?? o.MasterConnectionString;
        return o;
    }

    public string ResolveMasterConnectionString() => Provider switch
    {
        DatabaseProvider.Sqlite => string.IsNullOrWhiteSpace(MasterConnectionString)
            ? $"Data Source={Path.Combine(FullDataPath, "master.db")}"
            : MasterConnectionString,
        _ => string.IsNullOrWhiteSpace(MasterConnectionString)
            ? throw new InvalidOperationException("ConnectionStrings:Master is required when Database:Provider is Postgres.")
            : MasterConnectionString,
    };
}

/// <summary>A PostgreSQL server for studios besides the master's (or the master's own, to give it other settings).</summary>
public sealed class StudioServerOptions
{
    /// <summary>"host" or "host:port", as recorded in tenant_databases.server.</summary>
    public string Server { get; set; } = "";
    /// <summary>The role on that server (needs CREATEDB); the master's when empty.</summary>
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>This node's budget on that server; Database:MaxServerConnections when empty.</summary>
    public int? MaxConnections { get; set; }
}
