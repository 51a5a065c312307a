using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudioManager.Infrastructure.Data;
using StudioManager.Platform;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Clients;

public abstract class DemoSeederTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldSeedTheDemoStudioOnceWithSearchableClients()
    {
        var seeder = app.Services.GetRequiredService<DemoSeeder>();

        var first = await seeder.SeedAsync();
        var second = await seeder.SeedAsync();

        Assert.NotNull(first);
        Assert.True(first.Created);
        Assert.InRange(first.Clients, 8, 10);
        Assert.NotNull(second);
        Assert.False(second.Created);
        Assert.Equal(first.Slug, second.Slug);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var master = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
            Assert.Equal(1, await master.Organizations.CountAsync(o => o.Name == DemoSeeder.StudioName));
        }

        var demo = await app.LoginAsync(DemoSeeder.Email, DemoSeeder.Password);
        var all = await (await demo.GetAsync($"/api/studios/{first.Slug}/clients?status=all")).ReadJsonAsync();
        Assert.Equal(first.Clients, all.GetProperty("total").GetInt32());
        var vip = await (await demo.GetAsync($"/api/studios/{first.Slug}/clients?vip=true")).ReadJsonAsync();
        Assert.True(vip.GetProperty("total").GetInt32() >= 2);
        var found = await (await demo.GetAsync($"/api/studios/{first.Slug}/clients?q=lune%20pop")).ReadJsonAsync();
        var lea = Assert.Single(found.GetProperty("items").EnumerateArray());
        var notes = await (await demo.GetAsync($"/api/studios/{first.Slug}/clients/{lea.GetProperty("id").GetInt32()}/notes")).ReadJsonAsync();
        var dates = notes.EnumerateArray().Select(n => n.GetProperty("createdAt").GetDateTime()).ToList();
        Assert.InRange(dates.Count, 1, 3);
        Assert.Equal(dates.OrderByDescending(d => d), dates);
        Assert.All(notes.EnumerateArray(), n => Assert.Equal(DemoSeeder.OwnerName, n.GetProperty("createdByName").GetString()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DemoSeederTests_Sqlite(SqliteAppFactory app) : DemoSeederTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DemoSeederTests_Postgres(PostgresAppFactory app) : DemoSeederTests(app);
