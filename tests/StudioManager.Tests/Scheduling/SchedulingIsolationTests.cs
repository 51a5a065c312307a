using System.Net;
using System.Net.Http.Json;
using StudioManager.Tests.Infrastructure;
using static StudioManager.Tests.Scheduling.Booking;

namespace StudioManager.Tests.Scheduling;

/// <summary>Another studio's member gets 404 and an anonymous caller 401 on every rooms, equipment and sessions
/// endpoint (new ones are covered automatically); nothing changes in the studio.</summary>
public abstract class SchedulingIsolationTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldAnswer404ToAnotherStudiosMemberAnd401ToAnonymousOnEverySchedulingEndpoint()
    {
        var owner = await app.RegisterStudioAsync("Owner Studio");
        var outsider = await app.RegisterStudioAsync("Outsider Studio");
        var room = await RoomAsync(owner, "Secret Room");
        var client = await ClientAsync(owner, "Secret Client");
        var equipment = await EquipmentAsync(owner, "Secret Mic");
        await PostAsync(owner, $"/equipment/{equipment}/maintenance", new { description = "Secret repair" });
        var session = (await BookOkAsync(owner, Session(room, client, At(10), At(12), "Secret Session", equipmentIds: [equipment]))).GetProperty("id").GetInt32();
        var ids = new Dictionary<string, int> { ["rooms"] = room, ["equipment"] = equipment, ["sessions"] = session };
        var endpoints = ids.SelectMany(kv => StudioRoutes.Under(app, $"/api/studios/{{studio}}/{kv.Key}")
            .Select(r => (Route: r, Url: StudioRoutes.Fill(r.Pattern, owner.Slug, kv.Value)))).ToList();
        Assert.True(endpoints.Count >= 20, $"only {endpoints.Count} scheduling endpoints found");

        var anonymous = app.CreateClient();
        foreach (var (route, url) in endpoints)
        {
            var body = new { name = "Intruder", title = "Intruder", description = "Intruder", roomId = room, clientId = client, start = At(14), end = At(15) };
            HttpRequestMessage Request() => new(new HttpMethod(route.Method), url) { Content = route.Method is "POST" or "PATCH" ? JsonContent.Create(body) : null };
            var asOutsider = await outsider.Http.SendAsync(Request());
            Assert.True(asOutsider.StatusCode == HttpStatusCode.NotFound, $"{route.Method} {url} answered {(int)asOutsider.StatusCode} to a member of another studio");
            Assert.DoesNotContain("secret", await asOutsider.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            var asAnonymous = await anonymous.SendAsync(Request());
            Assert.True(asAnonymous.StatusCode == HttpStatusCode.Unauthorized, $"{route.Method} {url} answered {(int)asAnonymous.StatusCode} to an anonymous caller");
        }

        var still = await (await owner.Http.GetAsync(owner.Api($"/sessions/{session}"))).ReadJsonAsync();
        Assert.Equal(("Secret Session", "tentative"), (still.GetProperty("title").GetString(), still.GetProperty("status").GetString()));
        Assert.Equal(1, (await (await owner.Http.GetAsync(owner.Api("/sessions"))).ReadJsonAsync()).GetProperty("total").GetInt32());
        Assert.Equal(1, (await (await owner.Http.GetAsync(owner.Api("/rooms"))).ReadJsonAsync()).GetProperty("total").GetInt32());
        Assert.Single((await (await owner.Http.GetAsync(owner.Api($"/equipment/{equipment}/maintenance"))).ReadJsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task ShouldNotFindAnotherStudiosSessionRoomOrEquipmentByIdInOnesOwnStudio()
    {
        var owner = await app.RegisterStudioAsync();
        var other = await app.RegisterStudioAsync();
        var room = await RoomAsync(owner);
        var session = (await BookOkAsync(owner, Session(room, await ClientAsync(owner), At(10), At(12)))).GetProperty("id").GetInt32();
        var equipment = await EquipmentAsync(owner);
        // The other studio has ids of its own, lower: the owner's ids mean nothing there.
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(other.Api($"/sessions/{session}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PostAsync(other.Api($"/sessions/{session}/cancel"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(other.Api($"/rooms/{room}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(other.Api($"/equipment/{equipment}/maintenance"))).StatusCode);
        var otherClient = await ClientAsync(other);
        Assert.Equal(HttpStatusCode.BadRequest, (await BookAsync(other, Session(room, otherClient, At(10), At(12)))).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SchedulingIsolationTests_Sqlite(SqliteAppFactory app) : SchedulingIsolationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SchedulingIsolationTests_Postgres(PostgresAppFactory app) : SchedulingIsolationTests(app);
