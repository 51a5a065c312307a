using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using StudioManager.Clients;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Clients;

/// <summary>The migration that moves email uniqueness into the database (client_emails) fills it from the clients a
/// studio already has, including duplicates that earlier races let in.</summary>
public abstract class ClientEmailsMigrationTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldBackfillEveryAddressKeepingADuplicateOnTheOldestClient()
    {
        var s = await app.RegisterStudioAsync();
        var older = (await ClientApiTests.CreateClientAsync(s, new { name = "Older", email = "Mixed@Example.com", secondaryEmail = "older.two@example.com" })).GetProperty("id").GetInt32();
        var newer = (await ClientApiTests.CreateClientAsync(s, new { name = "Newer", email = "newer@example.com" })).GetProperty("id").GetInt32();

        await using (var db = await app.TenantDbAsync(s.Slug))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_ClientEmails")) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);
            // What a lost race left before the table existed: two clients with one address.
            await db.Database.ExecuteSqlAsync($"UPDATE clients SET email = 'MIXED@example.com' WHERE id = {newer}");
            await db.Database.MigrateAsync();

            var held = await db.ClientEmails.OrderBy(e => e.Address).Select(e => new { e.Address, e.ClientId }).ToListAsync();
            Assert.Equal([new { Address = "mixed@example.com", ClientId = older }, new { Address = "older.two@example.com", ClientId = older }], held);
        }

        // The newer client must give up the address before anything else of it can be saved.
        var blocked = await s.Http.PatchAsJsonAsync(s.Api($"/clients/{newer}"), new { phone = "0102030405" });
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Contains("Older", (await blocked.ReadJsonAsync()).GetProperty("errors").GetProperty("email")[0].GetString());
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api($"/clients/{newer}"), new { email = "newer@example.com", phone = "0102030405" }));
        await using (var db = await app.TenantDbAsync(s.Slug))
            Assert.Equal(newer, (await db.ClientEmails.SingleAsync(e => e.Address == "newer@example.com")).ClientId);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ClientEmailsMigrationTests_Sqlite(SqliteAppFactory app) : ClientEmailsMigrationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ClientEmailsMigrationTests_Postgres(PostgresAppFactory app) : ClientEmailsMigrationTests(app);
