using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using StudioManager.Infrastructure.Time;
using StudioManager.Platform;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Invoicing;

namespace StudioManager.Tests.Sales;

/// <summary>The migration that puts the three yearly counters (invoices, quotes, contracts) in one table carries each
/// studio's counts over: numbering goes on where it stood, without a gap or a duplicate.</summary>
public abstract class DocumentNumbersMigrationTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldGoOnNumberingWhereEachCounterStood()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var year = StudioTime.Today(app.Clock, StudioCreation.DefaultTimeZone).Year;

        await using (var db = await app.TenantDbAsync(s.Slug))
        {
            var migrations = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_DocumentNumbers")) - 1]);
            await db.Database.ExecuteSqlAsync($"INSERT INTO invoice_numbers (year, last) VALUES ({year}, 7)");
            await db.Database.ExecuteSqlAsync($"INSERT INTO quote_numbers (year, last) VALUES ({year}, 3)");
            await db.Database.ExecuteSqlAsync($"INSERT INTO contract_numbers (year, last) VALUES ({year}, 5)");
            await db.Database.MigrateAsync();
        }

        Assert.Equal($"INV-{year}-0008", (await IssuedAsync(s, client, Line("Mixing", 1, 100m))).GetProperty("number").GetString());
        Assert.Equal($"Q-{year}-0004", (await Booking.PostAsync(s, "/quotes", new { clientId = client, items = new[] { Line("Mixing", 1, 100m) } })).GetProperty("number").GetString());
        Assert.Equal($"C-{year}-0006", (await Contracting.DraftAsync(s, client)).GetProperty("number").GetString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DocumentNumbersMigrationTests_Sqlite(SqliteAppFactory app) : DocumentNumbersMigrationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DocumentNumbersMigrationTests_Postgres(PostgresAppFactory app) : DocumentNumbersMigrationTests(app);
