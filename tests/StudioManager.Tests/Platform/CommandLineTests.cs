using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Infrastructure.Tenancy;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

public abstract class CommandLineTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldMigrateEveryTenantPastABrokenOneReportItAndSucceedAfterRepair()
    {
        var studios = new List<StudioSession>();
        for (var i = 0; i < 3; i++) studios.Add(await app.RegisterStudioAsync($"Cli Studio {i}"));
        var broken = studios[1];
        var brokenDb = (await TenantAsync(broken.StudioId)).DatabaseName;
        await BreakAsync(brokenDb);

        var (code, _, errors) = await RunAsync("migrate");

        Assert.NotEqual(0, code);
        Assert.Contains($"FAILED studio {broken.StudioId} ({brokenDb})", errors);
        Assert.Equal(TenantDatabaseStatus.Failed, (await TenantAsync(broken.StudioId)).Status);
        Assert.NotNull((await TenantAsync(broken.StudioId)).LastError);
        foreach (var s in studios.Where(s => s != broken))
        {
            var t = await TenantAsync(s.StudioId);
            Assert.Equal(TenantDatabaseStatus.Ready, t.Status);
            Assert.Equal(LatestVersion(), t.SchemaVersion);
        }
        var (listCode, list, _) = await RunAsync("tenants", "list");
        Assert.Equal(0, listCode);
        foreach (var s in studios) Assert.Contains(s.Slug, list);
        Assert.Matches($@"{broken.Slug}\s.*\sfailed\s", list);

        await RepairAsync(brokenDb);
        var (again, againOutput, againErrors) = await RunAsync("migrate");

        Assert.True(again == 0, againErrors);
        var repaired = await TenantAsync(broken.StudioId);
        Assert.Equal(TenantDatabaseStatus.Ready, repaired.Status);
        Assert.Equal(LatestVersion(), repaired.SchemaVersion);
        Assert.Null(repaired.LastError);
        Assert.Contains("0 failed", againOutput);
    }

    [Fact]
    public async Task ShouldBringStudiosOneMigrationBehindToTheLatestWithTheirData()
    {
        var studios = new[] { await app.RegisterStudioAsync("Behind A"), await app.RegisterStudioAsync("Behind B") };
        foreach (var s in studios)
            Assert.Equal(HttpStatusCode.Created, (await s.Http.PostAsJsonAsync(s.Api("/clients"), new { name = "Kept Client" })).StatusCode);
        string previous = "";
        foreach (var s in studios)
        {
            // The state of a fleet before a deploy that brings one migration: the latest undone by its own down script.
            await using var db = await app.TenantDbAsync(s.Slug);
            var migrations = db.Database.GetMigrations().ToList();
            previous = migrations[^2];
            var down = db.GetService<IMigrator>().GenerateScript(migrations[^1], previous);
            var connection = db.Database.GetDbConnection();
            if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = down;
            await command.ExecuteNonQueryAsync();
            Assert.Equal(previous, (await db.Database.GetAppliedMigrationsAsync()).Last());
        }

        var (code, output, errors) = await RunAsync("migrate");

        Assert.True(code == 0, errors);
        Assert.Contains("0 failed", output);
        foreach (var s in studios)
        {
            Assert.Equal(LatestVersion(), (await TenantAsync(s.StudioId)).SchemaVersion);
            await using var db = await app.TenantDbAsync(s.Slug);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Single(await db.Database.GetAppliedMigrationsAsync(), m => m == LatestVersion());
            var clients = await s.Http.GetAsync(s.Api("/clients"));
            Assert.Equal(HttpStatusCode.OK, clients.StatusCode);
            Assert.Contains("Kept Client", await clients.Content.ReadAsStringAsync());
        }
        Assert.NotEqual(previous, LatestVersion());
    }

    private async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await CommandLine.RunAsync(app.Services, args, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    /// <summary>PostgreSQL: the database is gone. SQLite: the file is garbage.</summary>
    private async Task BreakAsync(string database)
    {
        if (app.Provider == DatabaseProvider.Postgres)
        {
            NpgsqlConnection.ClearAllPools();
            await StudioAppFactory.PgAsync($"DROP DATABASE \"{database}\" WITH (FORCE)");
        }
        else
        {
            SqliteConnection.ClearAllPools();
            await File.WriteAllTextAsync(Path.Combine(app.DataPath, "tenants", database), new string('x', 4096));
        }
    }

    /// <summary>An empty database in its place: migrate builds the schema again.</summary>
    private async Task RepairAsync(string database)
    {
        if (app.Provider == DatabaseProvider.Postgres)
            await StudioAppFactory.PgAsync($"CREATE DATABASE \"{database}\"");
        else
            await File.WriteAllBytesAsync(Path.Combine(app.DataPath, "tenants", database), []);
    }

    private async Task<TenantDatabase> TenantAsync(int studioId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MasterDbContext>().TenantDatabases.AsNoTracking().SingleAsync(t => t.OrganizationId == studioId);
    }

    private string LatestVersion() => app.Services.GetRequiredService<TenantProvisioner>().LatestSchemaVersion();
}

[Collection(SqliteCollection.Name)]
public sealed class CommandLineTests_Sqlite(SqliteAppFactory app) : CommandLineTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CommandLineTests_Postgres(PostgresAppFactory app) : CommandLineTests(app);
