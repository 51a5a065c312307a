using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;
using StudioManager.Platform;

namespace StudioManager.Tests.Unit;

/// <summary>Studio databases migrate without EF's pending-model check (it would run once per studio): this is that
/// check, once for each context and provider. No database is opened.</summary>
public class MigrationSnapshotTests
{
    public static TheoryData<string> Contexts => ["Postgres master", "Sqlite master", "Postgres tenant", "Sqlite tenant"];

    [Theory]
    [MemberData(nameof(Contexts))]
    public void ShouldHaveAMigrationForEveryModelChange(string context)
    {
        var provider = context.StartsWith("Postgres") ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var connectionString = provider == DatabaseProvider.Postgres ? "Host=unused;Database=unused" : "Data Source=unused.db";
        using DbContext db = context.EndsWith("master")
            ? MasterDatabase.CreateForMigrations(new DatabaseOptions { Provider = provider, MasterConnectionString = connectionString })
            : DbContextConfiguration.CreateTenantContext(provider, connectionString);

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {context} model has changes no migration holds: run scripts/add-migration.sh <Name> {context.Split(' ')[1]}.");
    }
}
