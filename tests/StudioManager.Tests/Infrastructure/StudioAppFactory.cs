using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Tests.Infrastructure;

/// <summary>The real app on a real database: its own data folder, its own master database and tenant prefix on
/// PostgreSQL, a real SMTP server for its mail, and a clock that only moves when a test moves it. Shared by the tests of
/// one collection.</summary>
public abstract class StudioAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..10];

    public abstract DatabaseProvider Provider { get; }
    public string DataPath { get; }
    public TestSmtpServer Smtp { get; } = new();
    public string MasterDatabase => $"rsmtest_{_id}";
    public string TenantPrefix => $"rsmtest_{_id}_t";
    /// <summary>Settings for this app; tests may add (e.g. a lower login rate limit) before the first request.</summary>
    public Dictionary<string, string?> Settings { get; } = new();
    /// <summary>The app's TimeProvider: starts at the real time and stands still until a test advances it. The tests
    /// of a collection share it, and run one after another: advance it freely, never assume an absolute time.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected StudioAppFactory()
    {
        DataPath = Path.Combine(Path.GetTempPath(), "rsm-tests", _id);
        Directory.CreateDirectory(DataPath);
    }

    public static string PostgresServer => Environment.GetEnvironmentVariable("RSM_TEST_POSTGRES")
        ?? throw new InvalidOperationException("RSM_TEST_POSTGRES is not set: run the tests through ./test.sh, which starts PostgreSQL.");

    public string MasterConnectionString => Provider == DatabaseProvider.Postgres
        ? new NpgsqlConnectionStringBuilder(PostgresServer) { Database = MasterDatabase }.ConnectionString
        : $"Data Source={Path.Combine(DataPath, "master.db")}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("Data:Path", DataPath);
        builder.UseSetting("ConnectionStrings:Master", MasterConnectionString);
        builder.UseSetting("Database:TenantDatabasePrefix", TenantPrefix);
        builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Email:Smtp:Port", Smtp.Port.ToString());
        builder.UseSetting("Email:PublicBaseUrl", "http://studio.test");
        // A failed message is due again at once: tests run retries with dispatch passes, whatever the clock says.
        builder.UseSetting("Email:Outbox:RetryDelay", "00:00:00");
        builder.UseSetting("Auth:LoginAttemptsPerMinutePerIp", "100000");
        builder.UseSetting("Auth:RegistrationsPerHourPerIp", "100000");
        // Hundreds of studios are created per run: let their idle pooled connections go quickly so that the
        // server's max_connections (100 by default) is never reached.
        builder.UseSetting("Database:TenantConnectionIdleLifetime", "2");
        builder.UseSetting("Demo:Seed", "false");
        // ./test.sh runs the tenancy tests a second time through a PgBouncer ("host:port") in front of the same server.
        if (Provider == DatabaseProvider.Postgres && Environment.GetEnvironmentVariable("RSM_TEST_PGBOUNCER") is { Length: > 0 } pooler)
            builder.UseSetting("Database:Pooler", pooler);
        // Reminder runs are started by the tests that need them, never by the clock in the middle of another test.
        builder.UseSetting("Scheduling:Reminders:Enabled", "false");
        builder.UseSetting("Sales:Overdue:Enabled", "false");
        // Likewise previews: made when a test runs the queue (AudioPreviews.RunPendingAsync), so that what plays is known.
        builder.UseSetting("Audio:PreviewsInBackground", "false");
        foreach (var (k, v) in Settings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(s => s.RemoveAll<TimeProvider>().AddSingleton<TimeProvider>(Clock));
    }

    public async Task InitializeAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
            await PgAsync($"CREATE DATABASE \"{MasterDatabase}\"");
        StartServer(); // migrates master and template; under UseKestrel(0) binds a real port
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        var step = "stopping the app";
        try
        {
            await base.DisposeAsync();
            await Smtp.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            step = "dropping its databases";
            if (Provider == DatabaseProvider.Postgres)
                foreach (var db in await PgListAsync($"SELECT datname FROM pg_database WHERE datname LIKE '{TenantPrefix}%' OR datname = '{MasterDatabase}'"))
                    await PgAsync($"DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)");
        }
        catch (Exception e)
        {
            // xUnit reports a fixture's clean-up failure by the exception's type alone: say what and why.
            Console.Error.WriteLine($"Clean-up of the test app {MasterDatabase} failed while {step}: {e}");
            throw;
        }
        try { Directory.Delete(DataPath, recursive: true); } catch (IOException) { }
    }

    /// <summary>The server's maintenance database. No command timeout: dropping forty databases on a busy machine (a
    /// fixture's clean-up) takes longer than Npgsql's default 30 s, and a slow clean-up is not a failure.</summary>
    private static string MaintenanceConnectionString =>
        new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false, CommandTimeout = 0 }.ConnectionString;

    /// <summary>Runs SQL on the PostgreSQL server's maintenance database.</summary>
    public static Task PgAsync(string sql) => WithMaintenanceAsync(async conn =>
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
        return 0;
    });

    public static Task<List<string>> PgListAsync(string sql) => WithMaintenanceAsync(async conn =>
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var list = new List<string>();
        while (await reader.ReadAsync()) list.Add(reader.GetString(0));
        return list;
    });

    /// <summary>Runs on a fresh maintenance connection, tried again for up to a minute while the server is full
    /// (53300), a database is still in use (55006), or an autovacuum worker, a superuser's process that this role may not
    /// end, is in a database dropped WITH (FORCE) (42501): fixtures run at once, and a clean-up can meet another
    /// fixture's studio pools on a server of 100 connections.</summary>
    private static async Task<T> WithMaintenanceAsync<T>(Func<NpgsqlConnection, Task<T>> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var conn = new NpgsqlConnection(MaintenanceConnectionString);
                await conn.OpenAsync();
                return await work(conn);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.ObjectInUse
                                                   or PostgresErrorCodes.InsufficientPrivilege && attempt < 60)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}

public sealed class SqliteAppFactory : StudioAppFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresAppFactory : StudioAppFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteAppFactory>
{
    public const string Name = "sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresAppFactory>
{
    public const string Name = "postgres";
}
