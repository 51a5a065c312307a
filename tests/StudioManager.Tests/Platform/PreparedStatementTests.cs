using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Platform.Tenancy;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

/// <summary>A request's queries are prepared on its connection from their second use (Npgsql's automatic preparation):
/// PostgreSQL then skips parsing them, and planning them when it keeps the generic plan. Never through a PgBouncer in
/// transaction pooling, which cannot carry a prepared statement from one transaction to the next.</summary>
public sealed class PreparedStatementTests_Postgres(PostgresAppFactory app) : IClassFixture<PostgresAppFactory>
{
    [Fact]
    public async Task ShouldPrepareAStudioQueryOnItsConnectionFromItsSecondUse()
    {
        var s = await app.RegisterStudioAsync("Prepared");
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CurrentTenant>()
            .EnterAsync(scope.ServiceProvider.GetRequiredService<StudioDirectory>(), s.Slug, s.UserId, "Owner");
        var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();

        Task<int> Query() => db.Clients.Where(c => c.Name.StartsWith("Prepared ")).CountAsync();
        static bool IsTheQuery(string sql) => sql.Contains("FROM clients") && sql.Contains("LIKE");

        await Query();
        Assert.DoesNotContain(await PreparedAsync(db), IsTheQuery);
        await Query();
        Assert.Contains(await PreparedAsync(db), IsTheQuery);
    }

    [Fact]
    public void ShouldPrepareStatementsOnlyOnConnectionsServingRequestsAndNeverThroughPgBouncer()
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.Postgres, MasterConnectionString = "Host=db;Database=rsm;Username=u" };
        int Prepared(string cs) => new NpgsqlConnectionStringBuilder(cs).MaxAutoPrepare;

        Assert.Equal(100, Prepared(DbContextConfiguration.TenantConnectionString(options, DatabaseProvider.Postgres, "db", "t1")));
        Assert.Equal(100, Prepared(DbContextConfiguration.MasterConnectionString(options)));
        Assert.Equal(0, Prepared(DbContextConfiguration.TenantConnectionString(options, DatabaseProvider.Postgres, "db", "t1", direct: true)));

        options.Pooler = "db:6432";
        Assert.Equal(0, Prepared(DbContextConfiguration.TenantConnectionString(options, DatabaseProvider.Postgres, "db", "t1")));
        Assert.Equal(0, Prepared(DbContextConfiguration.MasterConnectionString(options)));
        // A studio on another server is reached directly, so its statements are prepared.
        Assert.Equal(100, Prepared(DbContextConfiguration.TenantConnectionString(options, DatabaseProvider.Postgres, "db2:5433", "t1")));

        options.Pooler = null;
        options.MasterConnectionString += ";Max Auto Prepare=7";
        Assert.Equal(7, Prepared(DbContextConfiguration.TenantConnectionString(options, DatabaseProvider.Postgres, "db", "t1")));
        options.PreparedStatements = 0;
        options.MasterConnectionString = "Host=db;Database=rsm;Username=u";
        Assert.Equal(0, Prepared(DbContextConfiguration.MasterConnectionString(options)));
    }

    /// <summary>What this session has prepared (pg_prepared_statements lists the current session's only).</summary>
    private static Task<List<string>> PreparedAsync(TenantDbContext db) =>
        db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();
}
