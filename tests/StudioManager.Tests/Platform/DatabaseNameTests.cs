using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Tenancy;
using StudioManager.Platform;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

/// <summary>A studio's database name is the installation's own: a database of that name that exists already (left
/// over, or someone else's) is never written to; the studio gets another name and the app goes on.</summary>
public abstract class DatabaseNameTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldPassOverATakenNameAndLeaveThatDatabaseAlone()
    {
        var first = await app.RegisterStudioAsync("Before the taken name");
        var taken = Provisioner(app).DatabaseNameFor(first.StudioId + 1);
        await CreateForeignAsync(app, taken);

        var s = await app.RegisterStudioAsync("After the taken name");

        Assert.Equal(first.StudioId + 1, s.StudioId);
        Assert.NotEqual(taken, await DatabaseNameAsync(app, s.StudioId));
        Assert.Equal(HttpStatusCode.Created, (await s.Http.PostAsJsonAsync(s.Api("/clients"), new { name = "Somebody" })).StatusCode);
        Assert.Equal(["foreign"], await TablesOfAsync(app, taken));
    }

    [Fact]
    public async Task ShouldStartAndSeedTheDemoWhenItsDatabaseNameIsTaken()
    {
        var fresh = app.Provider == DatabaseProvider.Postgres ? (StudioAppFactory)new PostgresAppFactory() : new SqliteAppFactory();
        await fresh.InitializeAsync();
        try
        {
            var taken = Provisioner(fresh).DatabaseNameFor(1); // the first studio of an empty master
            await CreateForeignAsync(fresh, taken);

            await using var restarted = fresh.WithWebHostBuilder(b => b.UseSetting("Demo:Seed", "true"));
            var login = await restarted.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = DemoSeeder.Email, password = DemoSeeder.Password });

            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            var demo = await restarted.Services.GetRequiredService<DemoSeeder>().FindStudioSlugAsync();
            Assert.NotNull(demo);
            Assert.Equal(["foreign"], await TablesOfAsync(fresh, taken));
        }
        finally
        {
            await ((IAsyncLifetime)fresh).DisposeAsync();
        }
    }

    protected static TenantProvisioner Provisioner(StudioAppFactory app) => app.Services.GetRequiredService<TenantProvisioner>();

    protected static async Task<string> DatabaseNameAsync(StudioAppFactory app, int studioId)
    {
        string? name = null;
        await app.InMasterAsync(async m => name = await m.TenantDatabases.Where(t => t.OrganizationId == studioId).Select(t => t.DatabaseName).SingleAsync());
        return name!;
    }

    /// <summary>A database the installation did not make, with one table of its own.</summary>
    protected static async Task CreateForeignAsync(StudioAppFactory app, string name)
    {
        if (app.Provider == DatabaseProvider.Postgres)
        {
            await StudioAppFactory.PgAsync($"CREATE DATABASE \"{name}\"");
            await using var conn = await OpenPgAsync(name);
            await new NpgsqlCommand("CREATE TABLE foreign_data (id int)", conn).ExecuteNonQueryAsync();
            return;
        }
        Directory.CreateDirectory(Path.Combine(app.DataPath, "tenants"));
        await using var file = new SqliteConnection($"Data Source={Path.Combine(app.DataPath, "tenants", name)};Pooling=false");
        await file.OpenAsync();
        await new SqliteCommand("CREATE TABLE foreign_data (id int)", file).ExecuteNonQueryAsync();
    }

    /// <summary>"foreign" when the database still holds only its own table.</summary>
    protected static async Task<List<string>> TablesOfAsync(StudioAppFactory app, string name)
    {
        var tables = new List<string>();
        if (app.Provider == DatabaseProvider.Postgres)
        {
            await using var conn = await OpenPgAsync(name);
            await using var reader = await new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", conn).ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        else
        {
            await using var file = new SqliteConnection($"Data Source={Path.Combine(app.DataPath, "tenants", name)};Mode=ReadOnly;Pooling=false");
            await file.OpenAsync();
            await using var reader = await new SqliteCommand("SELECT name FROM sqlite_master WHERE type = 'table'", file).ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        return tables.Select(t => t == "foreign_data" ? "foreign" : t).ToList();
    }

    protected static async Task<NpgsqlConnection> OpenPgAsync(string database)
    {
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(StudioAppFactory.PostgresServer) { Database = database, Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DatabaseNameTests_Sqlite(SqliteAppFactory app) : DatabaseNameTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DatabaseNameTests_Postgres(PostgresAppFactory app) : DatabaseNameTests(app)
{
    private readonly PostgresAppFactory _app = app;

    /// <summary>Two installations (two master databases) on one server, with the same prefix, whose first studios have
    /// the same id: their databases and templates never meet.</summary>
    [Fact]
    public async Task ShouldKeepTwoInstallationsOnOneServerApart()
    {
        var other = new PostgresAppFactory();
        other.Settings["Database:TenantDatabasePrefix"] = _app.TenantPrefix;
        await other.InitializeAsync();
        try
        {
            var mine = await _app.RegisterStudioAsync("Mine");
            var theirs = await other.RegisterStudioAsync("Theirs");

            Assert.NotEqual(Provisioner(_app).TemplateDatabaseName, Provisioner(other).TemplateDatabaseName);
            Assert.NotEqual(Provisioner(_app).DatabaseNameFor(theirs.StudioId), Provisioner(other).DatabaseNameFor(theirs.StudioId));
            var myDatabase = await DatabaseNameAsync(_app, mine.StudioId);
            Assert.StartsWith(_app.TenantPrefix, myDatabase);
            Assert.StartsWith(_app.TenantPrefix, await DatabaseNameAsync(other, theirs.StudioId));
            await theirs.Http.PostAsJsonAsync(theirs.Api("/clients"), new { name = "Theirs only" });
            Assert.Equal(0, (await (await mine.Http.GetAsync(mine.Api("/clients"))).ReadJsonAsync()).GetProperty("total").GetInt32());
        }
        finally
        {
            await ((IAsyncLifetime)other).DisposeAsync();
        }
    }

    /// <summary>An autovacuum worker is a superuser's process, which the app's role may not end: DROP … WITH (FORCE)
    /// is refused (42501) while one is in the database, and a registration's compensation must still drop it. A
    /// superuser's session stands in for the worker.</summary>
    [Fact]
    public async Task ShouldDropAStudioDatabaseOnceASuperusersProcessHasLeftIt()
    {
        var studio = await _app.RegisterStudioAsync("Vacuumed");
        var database = await DatabaseNameAsync(_app, studio.StudioId);
        string server = "";
        await _app.InMasterAsync(async m => server = await m.TenantDatabases.Where(t => t.OrganizationId == studio.StudioId).Select(t => t.Server).SingleAsync());
        var port = new NpgsqlConnectionStringBuilder(StudioAppFactory.PostgresServer).Port.ToString();
        using var superuser = Process.Start(new ProcessStartInfo("runuser", ["-u", "postgres", "--", "psql", "-X", "-q", "-p", port, "-d", database, "-c", "SELECT pg_sleep(2)"])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var inside = $"SELECT usename FROM pg_stat_activity WHERE datname = '{database}' AND usename = 'postgres'";
        for (var i = 0; i < 100 && (await StudioAppFactory.PgListAsync(inside)).Count == 0; i++) await Task.Delay(50);
        Assert.Single(await StudioAppFactory.PgListAsync(inside));

        await Provisioner(_app).DropAsync(server, database);

        Assert.Empty(await StudioAppFactory.PgListAsync($"SELECT datname FROM pg_database WHERE datname = '{database}'"));
        await superuser.WaitForExitAsync();
        // The studio goes too, as after a failed registration: the collection's later `migrate` runs meet every studio.
        await _app.InMasterAsync(m => m.Organizations.Where(o => o.Id == studio.StudioId).ExecuteDeleteAsync());
    }

    /// <summary>A template of the installation's name that it did not create is neither adopted nor migrated; the app
    /// goes on and the command reports it.</summary>
    [Fact]
    public async Task ShouldNeverMigrateATemplateItDidNotCreate()
    {
        var template = Provisioner(_app).TemplateDatabaseName;
        NpgsqlConnection.ClearAllPools();
        await StudioAppFactory.PgAsync($"DROP DATABASE \"{template}\" WITH (FORCE)");
        await CreateForeignAsync(_app, template);
        try
        {
            var (code, errors) = await MigrateAsync();

            Assert.NotEqual(0, code);
            Assert.Contains($"FAILED template: The database {template} exists and this installation did not create it", errors);
            Assert.Equal(["foreign"], await TablesOfAsync(_app, template));
        }
        finally
        {
            await StudioAppFactory.PgAsync($"DROP DATABASE \"{template}\" WITH (FORCE)");
            await MigrateAsync(); // the installation makes its own again
        }
    }

    /// <summary>A studio database marked as another installation's is refused (failed, reported), never migrated;
    /// one without any mark (made before databases were marked) is claimed and migrated.</summary>
    [Fact]
    public async Task ShouldRefuseToMigrateAStudioDatabaseMarkedByAnotherInstallationAndClaimAnUnmarkedOne()
    {
        var foreign = await _app.RegisterStudioAsync("Marked elsewhere");
        var unmarked = await _app.RegisterStudioAsync("Unmarked");
        var foreignDb = await DatabaseNameAsync(_app, foreign.StudioId);
        var unmarkedDb = await DatabaseNameAsync(_app, unmarked.StudioId);
        await StudioAppFactory.PgAsync($"COMMENT ON DATABASE \"{foreignDb}\" IS 'studio-manager installation elsewhere'");
        await StudioAppFactory.PgAsync($"COMMENT ON DATABASE \"{unmarkedDb}\" IS NULL");
        try
        {
            var (code, errors) = await MigrateAsync();

            Assert.NotEqual(0, code);
            Assert.Contains($"FAILED studio {foreign.StudioId} ({foreignDb}): The database {foreignDb} belongs to another installation", errors);
            Assert.DoesNotContain($"({unmarkedDb})", errors);
            Assert.Equal([$"studio-manager installation elsewhere"], await StudioAppFactory.PgListAsync(
                $"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{foreignDb}'"));
            Assert.Single(await StudioAppFactory.PgListAsync(
                $"SELECT datname FROM pg_database WHERE datname = '{unmarkedDb}' AND shobj_description(oid, 'pg_database') LIKE 'studio-manager installation %'"));
        }
        finally
        {
            await StudioAppFactory.PgAsync($"DROP DATABASE \"{foreignDb}\" WITH (FORCE)");
            await _app.InMasterAsync(m => m.Organizations.Where(o => o.Id == foreign.StudioId).ExecuteDeleteAsync());
        }
    }

    private async Task<(int Code, string Errors)> MigrateAsync()
    {
        var errors = new StringWriter();
        var code = await CommandLine.RunAsync(_app.Services, ["migrate"], new StringWriter(), errors);
        return (code, errors.ToString());
    }
}
