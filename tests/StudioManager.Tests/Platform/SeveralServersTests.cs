using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StudioManager.Infrastructure.Data;
using StudioManager.Platform;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

/// <summary>An installation whose studios may also go to a second PostgreSQL cluster (RSM_TEST_POSTGRES_2, another
/// port, another role: ./test.sh makes it with pg_createcluster).</summary>
public sealed class TwoServersAppFactory : StudioAppFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public static string SecondServer => Environment.GetEnvironmentVariable("RSM_TEST_POSTGRES_2")
        ?? throw new InvalidOperationException("RSM_TEST_POSTGRES_2 is not set: run the tests through ./test.sh, which makes a second cluster.");

    public static NpgsqlConnectionStringBuilder Second => new(SecondServer);
    public static string SecondName => $"{Second.Host}:{Second.Port}";

    public TwoServersAppFactory()
    {
        Settings["Database:Servers:0:Server"] = SecondName;
        Settings["Database:Servers:0:Username"] = Second.Username;
        Settings["Database:Servers:0:Password"] = Second.Password;
        Settings["Database:Servers:0:MaxConnections"] = "10";
    }
}

/// <summary>Several servers are a PostgreSQL matter.</summary>
public sealed class SeveralServersTests_Postgres(TwoServersAppFactory app) : IClassFixture<TwoServersAppFactory>, IAsyncLifetime
{
    [Fact]
    public async Task ShouldPlaceNewStudiosOnTheLeastLoadedServerWithThatServersCredentials()
    {
        var first = await app.RegisterStudioAsync("On the master's server");
        var second = await app.RegisterStudioAsync("On the second server");
        var third = await app.RegisterStudioAsync("Back on the master's server");

        var servers = new Dictionary<int, TenantDatabase>();
        await app.InMasterAsync(async m =>
        {
            foreach (var t in await m.TenantDatabases.AsNoTracking().ToListAsync()) servers[t.OrganizationId] = t;
        });
        Assert.NotEqual(TwoServersAppFactory.SecondName, servers[first.StudioId].Server);
        Assert.Equal(TwoServersAppFactory.SecondName, servers[second.StudioId].Server);
        Assert.NotEqual(TwoServersAppFactory.SecondName, servers[third.StudioId].Server);
        // Made there by the second server's own role.
        Assert.Equal([TwoServersAppFactory.Second.Username!], await SecondListAsync(
            $"SELECT r.rolname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE d.datname = '{servers[second.StudioId].DatabaseName}'"));

        Assert.Equal(HttpStatusCode.Created, (await second.Http.PostAsJsonAsync(second.Api("/clients"), new { name = "Far away" })).StatusCode);
        Assert.Equal(1, (await (await second.Http.GetAsync(second.Api("/clients"))).ReadJsonAsync()).GetProperty("total").GetInt32());

        var errors = new StringWriter();
        Assert.True(await CommandLine.RunAsync(app.Services, ["migrate"], new StringWriter(), errors) == 0, errors.ToString());
        TenantDatabase migrated = null!;
        await app.InMasterAsync(async m => migrated = await m.TenantDatabases.AsNoTracking().SingleAsync(t => t.OrganizationId == second.StudioId));
        Assert.Equal(TenantDatabaseStatus.Ready, migrated.Status);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The studios' databases and the template on the second server go with the test.</summary>
    public async Task DisposeAsync()
    {
        foreach (var db in await SecondListAsync($"SELECT datname FROM pg_database WHERE datname LIKE '{app.TenantPrefix}%'"))
            await SecondListAsync($"DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)");
    }

    private static async Task<List<string>> SecondListAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TwoServersAppFactory.SecondServer) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var list = new List<string>();
        while (await reader.ReadAsync()) list.Add(reader.GetString(0));
        return list;
    }
}
