using System.Net;
using System.Net.Http.Json;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Platform;
using static StudioManager.Tests.Scheduling.Booking;

namespace StudioManager.Tests.Scheduling;

/// <summary>Price from the room's rates (overridable), deposit from the client's or the studio's percent; engineers
/// neither see nor set money.</summary>
public abstract class SessionPricingTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldPriceFromTheRoomsRatesAndFollowAMoveUnlessSetByHand()
    {
        var s = await app.RegisterStudioAsync();
        var room = await RoomAsync(s, hourly: 50m, halfDay: 180m, fullDay: 300m);
        var client = await ClientAsync(s);

        var byRates = await BookOkAsync(s, Session(room, client, At(10), At(15)));               // 5 h: half day + 1 h
        var manual = await BookOkAsync(s, new { roomId = room, clientId = client, title = "Friends rate", type = "mixing", start = At(9, day: 1), end = At(12, day: 1), price = 99.999m });
        var id = byRates.GetProperty("id").GetInt32();
        var moved = await (await s.Http.PatchAsJsonAsync(s.Api($"/sessions/{id}"), new { end = At(18) })).ReadJsonAsync(); // 8 h: full day
        var manualId = manual.GetProperty("id").GetInt32();
        var manualMoved = await (await s.Http.PatchAsJsonAsync(s.Api($"/sessions/{manualId}"), new { end = At(13, day: 1) })).ReadJsonAsync();
        var backToRates = await (await s.Http.PatchAsJsonAsync(s.Api($"/sessions/{manualId}"), new { price = (decimal?)null })).ReadJsonAsync();

        Assert.Equal(230m, byRates.GetProperty("price").GetDecimal());
        Assert.Equal(300m, moved.GetProperty("price").GetDecimal());
        Assert.Equal(100.00m, manual.GetProperty("price").GetDecimal());
        Assert.True(manual.GetProperty("priceIsManual").GetBoolean());
        Assert.Equal(100.00m, manualMoved.GetProperty("price").GetDecimal());
        Assert.Equal(180m, backToRates.GetProperty("price").GetDecimal()); // 4 h: the half day (180) beats 200 by the hour
    }

    [Fact]
    public async Task ShouldTakeTheDepositFromTheClientsPercentElseTheStudios()
    {
        var s = await app.RegisterStudioAsync();
        var room = await RoomAsync(s, hourly: 100m, halfDay: null, fullDay: null);
        var withOwn = await ClientAsync(s, "Own percent", deposit: 50m);
        var without = await ClientAsync(s, "Studio percent");

        var none = await BookOkAsync(s, Session(room, without, At(8), At(9)));
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api(), new { defaultDepositPercent = 30 }));
        var settings = await (await s.Http.GetAsync(s.Api())).ReadJsonAsync();
        var studios = await BookOkAsync(s, Session(room, without, At(10), At(12)));
        var clients = await BookOkAsync(s, Session(room, withOwn, At(13), At(15)));
        var badPercent = await s.Http.PatchAsJsonAsync(s.Api(), new { defaultDepositPercent = 120 });

        Assert.Equal(30m, settings.GetProperty("defaultDepositPercent").GetDecimal());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, none.GetProperty("depositAmount").ValueKind);
        Assert.Equal(60m, studios.GetProperty("depositAmount").GetDecimal());
        Assert.Equal(100m, clients.GetProperty("depositAmount").GetDecimal());
        Assert.Equal(HttpStatusCode.BadRequest, badPercent.StatusCode);
    }

    [Fact]
    public async Task ShouldHideMoneyFromEngineersAndRefuseThemSettingIt()
    {
        var owner = await app.RegisterStudioAsync();
        var engineer = await app.AddMemberAsync(owner, "engineer");
        var room = await RoomAsync(owner);
        var client = await ClientAsync(owner);

        var booked = await BookOkAsync(engineer, Session(room, client, At(10), At(12), engineerIds: [engineer.UserId]));
        var priced = await BookAsync(engineer, new { roomId = room, clientId = client, title = "Cheap", type = "recording", start = At(14), end = At(15), price = 1m });
        var roomSeen = await (await engineer.Http.GetAsync(engineer.Api($"/rooms/{room}"))).ReadJsonAsync();

        Assert.Equal(System.Text.Json.JsonValueKind.Null, booked.GetProperty("price").ValueKind);
        Assert.Equal(HttpStatusCode.Forbidden, priced.StatusCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, roomSeen.GetProperty("hourlyRate").ValueKind);
        var asOwner = await (await owner.Http.GetAsync(owner.Api($"/sessions/{booked.GetProperty("id").GetInt32()}"))).ReadJsonAsync();
        Assert.Equal(100m, asOwner.GetProperty("price").GetDecimal());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SessionPricingTests_Sqlite(SqliteAppFactory app) : SessionPricingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SessionPricingTests_Postgres(PostgresAppFactory app) : SessionPricingTests(app);
