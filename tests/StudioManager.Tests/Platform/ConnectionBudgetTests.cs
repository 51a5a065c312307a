using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Tenancy;
using StudioManager.Platform;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

/// <summary>An app node with a budget of 5 connections to its PostgreSQL server (1 for the master's pool, 4 for
/// studios), each studio at most 2, idle studio connections closed after 2 s, a wait of at most 1 s.</summary>
public sealed class SmallBudgetAppFactory : StudioAppFactory
{
    public const int Budget = 5;
    public const int PerStudio = 2;
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public SmallBudgetAppFactory()
    {
        Settings["Database:MaxServerConnections"] = Budget.ToString();
        Settings["Database:TenantMaxPoolSize"] = PerStudio.ToString();
        Settings["Database:ConnectionWaitSeconds"] = "1";
    }
}

/// <summary>The connection budget is a PostgreSQL matter (SQLite opens files): measured on the server itself, in
/// pg_stat_activity, never through the app's own counters.</summary>
public sealed class ConnectionBudgetTests_Postgres(SmallBudgetAppFactory app) : IClassFixture<SmallBudgetAppFactory>
{
    [Fact]
    public async Task ShouldNeverHoldMoreThanTheBudgetAndAnswer200Or503To40StudiosReadAtOnce()
    {
        await using var server = ServerConnections.Watch(app);
        var studios = new List<StudioSession>();
        for (var i = 0; i < 40; i++) studios.Add(await app.RegisterStudioAsync($"Budget {i}"));

        var responses = new List<HttpResponseMessage>();
        for (var round = 0; round < 3; round++)
            responses.AddRange(await Task.WhenAll(studios.Select(s => s.Http.GetAsync(s.Api("/clients?pageSize=20")))));
        var peak = await server.StopAsync();

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable), r => Assert.NotNull(r.Headers.RetryAfter));
        // The app counts a slot free once it has closed the socket; PostgreSQL lists the backend until that process
        // has exited, a few ms later on a loaded machine. So the server may briefly show one evicted backend beside its
        // successor. Without the budget the 40 studios would hold up to 80 connections.
        Assert.True(peak.Total is >= 2 and <= SmallBudgetAppFactory.Budget + 1,
            $"peak {peak.Total}: {string.Join(", ", peak.PerDatabase.Select(d => $"{d.Key}={d.Value}"))}");
    }

    [Fact]
    public async Task ShouldAnswer503WithRetryAfterWhenNoConnectionComesFreeInTime()
    {
        var busy = await app.RegisterStudioAsync("Busy studio");
        var other = await app.RegisterStudioAsync("Waiting studio");
        var budget = app.Services.GetRequiredService<ConnectionBudget>();
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var (serverName, busyDb) = await DatabaseOfAsync(busy.StudioId);
        // Everything the studios may use, taken: the two connections of each of two other databases.
        var leases = new List<LeasedConnection>();
        foreach (var db in new[] { busyDb, app.Services.GetRequiredService<TenantProvisioner>().TemplateDatabaseName })
            for (var i = 0; i < SmallBudgetAppFactory.PerStudio; i++)
                leases.Add(await budget.LeaseAsync(serverName, DbContextConfiguration.TenantConnectionString(options, DatabaseProvider.Postgres, serverName, db),
                    keepIdle: true, CancellationToken.None));

        var refused = await other.Http.GetAsync(other.Api("/clients"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(503, (await refused.ReadJsonAsync()).GetProperty("status").GetInt32());

        foreach (var lease in leases) await lease.DisposeAsync();
        Assert.Equal(HttpStatusCode.OK, (await other.Http.GetAsync(other.Api("/clients"))).StatusCode);
    }

    [Fact]
    public async Task ShouldGiveWhatComesFreeToTheWaitingLeaseItFits()
    {
        var budget = app.Services.GetRequiredService<ConnectionBudget>();
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var dbs = new List<string>();
        string serverName = "";
        foreach (var name in new[] { "Fits A", "Fits B", "Fits C" })
        {
            (serverName, var db) = await DatabaseOfAsync((await app.RegisterStudioAsync(name)).StudioId);
            dbs.Add(DbContextConfiguration.TenantConnectionString(options, DatabaseProvider.Postgres, serverName, db));
        }
        Task<LeasedConnection> Lease(string cs) => budget.LeaseAsync(serverName, cs, keepIdle: true, CancellationToken.None);
        // The studios' share of the server (5 - 1 for the master) taken, idle ones of earlier tests closed on the way: A at
        // its own limit of 2, and B.
        var a1 = await Lease(dbs[0]);
        var a2 = await Lease(dbs[0]);
        var b1 = await Lease(dbs[1]);
        var b2 = await Lease(dbs[1]);

        var forA = Lease(dbs[0]);
        var forC = Lease(dbs[2]);
        await b1.DisposeAsync(); // idle now: A may not have a third, C may have its slot once it is closed

        var c = await forC.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(forA.IsCompleted);
        var aConnection = a1.Connection;
        await a1.DisposeAsync();
        var a3 = await forA.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Same(aConnection, a3.Connection); // A's idle connection, reused as it is

        foreach (var lease in new[] { a2, a3, b2, c }) await lease.DisposeAsync();
    }

    [Fact]
    public async Task ShouldBoundEachStudiosConnectionsAndCloseThemWhenTheStudioIsIdle()
    {
        var s = await app.RegisterStudioAsync("Idle studio");
        var (_, database) = await DatabaseOfAsync(s.StudioId);
        // From none: the connections registration closed may still be listed while their backends exit.
        Assert.True(await ServerConnections.EventuallyNoneAsync(database), $"{database} still has connections after registering");
        await using var server = ServerConnections.Watch(app);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => s.Http.GetAsync(s.Api("/clients"))));
        var peak = await server.StopAsync();

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.InRange(peak.Of(database), 1, SmallBudgetAppFactory.PerStudio);
        // Nobody uses the studio any more: its connections are closed after the idle lifetime (2 s here).
        Assert.True(await ServerConnections.EventuallyNoneAsync(database), $"{database} still has connections");
    }

    private async Task<(string Server, string Database)> DatabaseOfAsync(int studioId)
    {
        TenantDatabase? found = null;
        await app.InMasterAsync(async m => found = await m.TenantDatabases.AsNoTracking().SingleAsync(t => t.OrganizationId == studioId));
        return (found!.Server, found.DatabaseName);
    }
}

/// <summary>Samples pg_stat_activity for the connections of one app (its master and its studios' databases) until
/// stopped, and keeps the peak: in total and per database.</summary>
public sealed class ServerConnections : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<Peak> _sampling;

    public sealed record Peak(int Total, IReadOnlyDictionary<string, int> PerDatabase)
    {
        public int Of(string database) => PerDatabase.GetValueOrDefault(database);
    }

    private ServerConnections(StudioAppFactory app) => _sampling = SampleAsync(app.MasterDatabase, app.TenantPrefix, _stop.Token);

    public static ServerConnections Watch(StudioAppFactory app) => new(app);

    public async Task<Peak> StopAsync()
    {
        await _stop.CancelAsync();
        return await _sampling;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
    }

    private static async Task<Peak> SampleAsync(string master, string prefix, CancellationToken stop)
    {
        await using var conn = await OpenAsync();
        var total = 0;
        var perDatabase = new Dictionary<string, int>();
        var samples = 0;
        while (!stop.IsCancellationRequested || samples == 0)
        {
            var now = await CountAsync(conn, master, prefix);
            total = Math.Max(total, now.Values.Sum());
            foreach (var (db, n) in now) perDatabase[db] = Math.Max(perDatabase.GetValueOrDefault(db), n);
            samples++;
            try { await Task.Delay(5, stop); } catch (OperationCanceledException) { }
        }
        return new Peak(total, perDatabase);
    }

    /// <summary>Polls until the database has no connection (true), or gives up after 30 s (false).</summary>
    public static async Task<bool> EventuallyNoneAsync(string database)
    {
        await using var conn = await OpenAsync();
        for (var i = 0; i < 300; i++)
        {
            if ((await CountAsync(conn, database, prefix: null)).Count == 0) return true;
            await Task.Delay(100);
        }
        return false;
    }

    private static async Task<NpgsqlConnection> OpenAsync()
    {
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(StudioAppFactory.PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    /// <summary>Connections per database: this one, and those whose name starts with the prefix.</summary>
    private static async Task<Dictionary<string, int>> CountAsync(NpgsqlConnection conn, string database, string? prefix)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT datname, count(*)::int FROM pg_stat_activity WHERE datname = @database OR starts_with(datname, @prefix) GROUP BY datname", conn);
        cmd.Parameters.AddWithValue("database", database);
        cmd.Parameters.AddWithValue("prefix", (object?)prefix ?? DBNull.Value);
        var counts = new Dictionary<string, int>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt32(1);
        return counts;
    }
}
