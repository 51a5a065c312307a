using System.Net;
using System.Net.Http.Json;
using StudioManager.Tests.Infrastructure;
using static StudioManager.Tests.Scheduling.Booking;

namespace StudioManager.Tests.Scheduling;

public abstract class SessionApiTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldBookReadAndListASession()
    {
        var s = await app.RegisterStudioAsync();
        var room = await RoomAsync(s);
        var client = await ClientAsync(s, "Night Owl");

        var created = await BookOkAsync(s, Session(room, client, At(10), At(13), "Vocals"));

        var id = created.GetProperty("id").GetInt32();
        Assert.Equal("tentative", created.GetProperty("status").GetString());
        Assert.Equal("Studio A", created.GetProperty("roomName").GetString());
        Assert.Equal("Night Owl", created.GetProperty("clientName").GetString());
        Assert.Equal(At(10), created.GetProperty("start").GetDateTime().ToUniversalTime());
        var read = await (await s.Http.GetAsync(s.Api($"/sessions/{id}"))).ReadJsonAsync();
        Assert.Equal("Vocals", read.GetProperty("title").GetString());
        var list = await (await s.Http.GetAsync(s.Api($"/sessions?from={At(0):O}&to={At(0, day: 1):O}"))).ReadJsonAsync();
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var otherDay = await (await s.Http.GetAsync(s.Api($"/sessions?from={At(0, day: 1):O}&to={At(0, day: 2):O}"))).ReadJsonAsync();
        Assert.Equal(0, otherDay.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ShouldFilterTheListByRoomClientEngineerStatusAndWindowTogether()
    {
        var s = await app.RegisterStudioAsync();
        var (a, b) = (await RoomAsync(s, "Studio A"), await RoomAsync(s, "Studio B"));
        var (band, solo) = (await ClientAsync(s, "The Band"), await ClientAsync(s, "Solo"));
        var engineered = (await BookOkAsync(s, Session(a, band, At(9), At(10), "A band engineered", engineerIds: [s.UserId]))).GetProperty("id").GetInt32();
        var aSolo = (await BookOkAsync(s, Session(a, solo, At(11), At(12), "A solo"))).GetProperty("id").GetInt32();
        var bBand = (await BookOkAsync(s, Session(b, band, At(9), At(10), "B band"))).GetProperty("id").GetInt32();
        var nextDay = (await BookOkAsync(s, Session(b, band, At(9, day: 1), At(10, day: 1), "B band next day"))).GetProperty("id").GetInt32();
        (await s.Http.PostAsync(s.Api($"/sessions/{aSolo}/confirm"), null)).EnsureSuccessStatusCode();

        async Task<int[]> Ids(string filter)
        {
            var response = await s.Http.GetAsync(s.Api($"/sessions?{filter}"));
            await StudioApi.EnsureAsync(response);
            return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32())];
        }
        var day = $"from={At(0):O}&to={At(0, day: 1):O}";

        Assert.Equal([engineered, bBand, aSolo, nextDay], await Ids(""));
        Assert.Equal([engineered, bBand, aSolo], await Ids(day));
        Assert.Equal([engineered, aSolo], await Ids($"{day}&roomId={a}"));
        Assert.Equal([bBand, nextDay], await Ids($"roomId={b}&clientId={band}"));
        Assert.Equal([engineered], await Ids($"engineerId={s.UserId}"));
        Assert.Equal([aSolo], await Ids($"{day}&status=confirmed"));
        Assert.Equal([nextDay], await Ids($"from={At(0, day: 1):O}&clientId={band}"));
        Assert.Empty(await Ids($"to={At(9):O}"));
    }

    [Fact]
    public async Task ShouldRefuseARoomOverlapIncludingTheTurnoverBufferAndNameTheConflictingSession()
    {
        var s = await app.RegisterStudioAsync();
        var room = await RoomAsync(s, buffer: 30);
        var client = await ClientAsync(s);
        var first = (await BookOkAsync(s, Session(room, client, At(10), At(12), "First"))).GetProperty("id").GetInt32();

        var inBuffer = await BookAsync(s, Session(room, client, At(12, 15), At(14)));
        var afterBuffer = await BookAsync(s, Session(room, client, At(12, 30), At(14)));
        var before = await BookAsync(s, Session(room, client, At(8), At(9, 45))); // its own buffer holds the room until 10:15

        Assert.Equal(HttpStatusCode.Conflict, inBuffer.StatusCode);
        Assert.Equal([("room", (int?)first)], await ConflictsAsync(inBuffer));
        Assert.Equal(HttpStatusCode.Created, afterBuffer.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, before.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SessionApiTests_Sqlite(SqliteAppFactory app) : SessionApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SessionApiTests_Postgres(PostgresAppFactory app) : SessionApiTests(app);
