using System.Net;
using System.Net.Http.Json;
using Ical.Net;
using Ical.Net.CalendarComponents;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Platform;
using static StudioManager.Tests.Scheduling.Booking;

namespace StudioManager.Tests.Scheduling;

/// <summary>iCalendar feeds, read back with Ical.Net as a calendar app would.</summary>
public abstract class CalendarFeedTests(StudioAppFactory app)
{
    private static async Task<string> CreateFeedAsync(StudioSession s, object body)
    {
        var response = await s.Http.PostAsJsonAsync(s.Api("/calendar/feeds"), body);
        await StudioApi.EnsureAsync(response);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var url = (await response.ReadJsonAsync()).GetProperty("url").GetString()!;
        Assert.StartsWith("http://studio.test/ical/", url);
        return url["http://studio.test".Length..];
    }

    /// <summary>Fetches a feed without signing in, as a calendar app does.</summary>
    private async Task<Calendar> FetchAsync(string path)
    {
        var response = await app.CreateClient().GetAsync(path);
        await StudioApi.EnsureAsync(response);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        return Calendar.Load(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<HttpStatusCode> StatusOfAsync(string path) => (await app.CreateClient().GetAsync(path)).StatusCode;

    private static CalendarEvent Event(Calendar calendar, int sessionId) =>
        calendar.Events.Single(e => e.Uid!.StartsWith($"session-{sessionId}@"));

    [Fact]
    public async Task ShouldServeTheStudiosSessionsWithStableUidsUtcTimesAndASequenceThatRisesWhenASessionMoves()
    {
        var s = await app.RegisterStudioAsync("Feed Studio");
        var (a, b) = (await RoomAsync(s, "Room A"), await RoomAsync(s, "Room B"));
        var client = await ClientAsync(s, "Night Owl");
        var first = (await BookOkAsync(s, Session(a, client, At(10), At(12), "Vocals"))).GetProperty("id").GetInt32();
        var second = (await BookOkAsync(s, Session(b, client, At(14), At(16), "Mix"))).GetProperty("id").GetInt32();
        var feed = await CreateFeedAsync(s, new { scope = "studio" });

        var before = Event(await FetchAsync(feed), first);
        Assert.Equal(2, (await FetchAsync(feed)).Events.Count);
        Assert.True(before.Start!.IsUtc);
        Assert.Equal(At(10), before.Start.Value);
        Assert.Equal(At(12), before.End!.Value);
        Assert.Equal("Vocals · Night Owl", before.Summary);
        Assert.Equal("Room A", before.Location);
        Assert.Equal("TENTATIVE", before.Status);

        var moved = await s.Http.PatchAsJsonAsync(s.Api($"/sessions/{first}"), new { start = At(11), end = At(13) });
        await StudioApi.EnsureAsync(moved);
        var after = await FetchAsync(feed);

        var movedEvent = Event(after, first);
        Assert.Equal(before.Uid, movedEvent.Uid);
        Assert.True(movedEvent.Sequence > before.Sequence, $"SEQUENCE {before.Sequence} → {movedEvent.Sequence}");
        Assert.Equal(At(11), movedEvent.Start!.Value);
        Assert.Equal(Event(await FetchAsync(feed), second).Sequence, Event(after, second).Sequence);
    }

    [Fact]
    public async Task ShouldKeepACancelledSessionInTheFeedAsCancelled()
    {
        var s = await app.RegisterStudioAsync();
        var id = (await BookOkAsync(s, Session(await RoomAsync(s), await ClientAsync(s), At(9), At(10)))).GetProperty("id").GetInt32();
        var feed = await CreateFeedAsync(s, new { scope = "studio" });
        var sequence = Event(await FetchAsync(feed), id).Sequence;

        await StudioApi.EnsureAsync(await s.Http.PostAsync(s.Api($"/sessions/{id}/cancel"), null));

        var cancelled = Event(await FetchAsync(feed), id);
        Assert.Equal("CANCELLED", cancelled.Status);
        Assert.True(cancelled.Sequence > sequence);
    }

    [Fact]
    public async Task ShouldServeOnlyTheRoomsOrTheEngineersSessionsInTheirFeeds()
    {
        var owner = await app.RegisterStudioAsync();
        var engineer = await app.AddMemberAsync(owner, "engineer");
        var (a, b) = (await RoomAsync(owner, "Room A"), await RoomAsync(owner, "Room B"));
        var client = await ClientAsync(owner);
        var inA = (await BookOkAsync(owner, Session(a, client, At(10), At(11)))).GetProperty("id").GetInt32();
        var inBWithEngineer = (await BookOkAsync(owner, Session(b, client, At(10), At(11), engineerIds: [engineer.UserId]))).GetProperty("id").GetInt32();
        await BookOkAsync(owner, Session(b, client, At(12), At(13)));

        var roomFeed = await FetchAsync(await CreateFeedAsync(owner, new { scope = "room", id = a }));
        var engineerFeed = await FetchAsync(await CreateFeedAsync(engineer, new { scope = "engineer", id = engineer.UserId }));

        Assert.Equal([inA], roomFeed.Events.Select(e => int.Parse(e.Uid!.Split('-', '@')[1])));
        Assert.Equal([inBWithEngineer], engineerFeed.Events.Select(e => int.Parse(e.Uid!.Split('-', '@')[1])));
        var missingRoom = await owner.Http.PostAsJsonAsync(owner.Api("/calendar/feeds"), new { scope = "room", id = 999_999 });
        Assert.Equal(HttpStatusCode.BadRequest, missingRoom.StatusCode);
        Assert.Contains("\"id\"", await missingRoom.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ShouldAnswer404OnceRevokedAndListOnlyOnesOwnFeeds()
    {
        var owner = await app.RegisterStudioAsync();
        var engineer = await app.AddMemberAsync(owner, "engineer");
        var feed = await CreateFeedAsync(owner, new { scope = "studio" });
        var list = await (await owner.Http.GetAsync(owner.Api("/calendar/feeds"))).ReadJsonAsync();
        var id = list.EnumerateArray().Single().GetProperty("id").GetInt32();
        Assert.Equal("All sessions", list[0].GetProperty("name").GetString());

        Assert.Empty((await (await engineer.Http.GetAsync(engineer.Api("/calendar/feeds"))).ReadJsonAsync()).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.Http.DeleteAsync(engineer.Api($"/calendar/feeds/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(feed));

        Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.DeleteAsync(owner.Api($"/calendar/feeds/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(feed));
    }

    [Fact]
    public async Task ShouldNeverMakeMoreThanTheCapOfFeedsWhenRequestsMeet()
    {
        var s = await app.RegisterStudioAsync("Feed Cap Studio");
        for (var i = 0; i < 17; i++) await CreateFeedAsync(s, new { scope = "studio" });

        var answers = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => s.Http.PostAsJsonAsync(s.Api("/calendar/feeds"), new { scope = "studio" })));

        // Three places were left: three win, the others get the answer a late request gets (400 naming the scope).
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
        Assert.Contains("\"scope\"", await answers.First(a => a.StatusCode == HttpStatusCode.BadRequest).Content.ReadAsStringAsync());
        var listed = await (await s.Http.GetAsync(s.Api("/calendar/feeds"))).ReadJsonAsync();
        Assert.Equal(20, listed.GetArrayLength());
    }

    [Fact]
    public async Task ShouldNeverServeAnotherStudioWithAStudiosTokenNorAFeedWhoseMemberLeft()
    {
        var owner = await app.RegisterStudioAsync("Token Owner");
        var other = await app.RegisterStudioAsync("Token Other");
        await BookOkAsync(other, Session(await RoomAsync(other), await ClientAsync(other, "Secret Client"), At(10), At(11)));
        var engineer = await app.AddMemberAsync(owner, "engineer");
        var feed = await CreateFeedAsync(owner, new { scope = "studio" });
        var engineerFeed = await CreateFeedAsync(engineer, new { scope = "studio" });
        var secret = feed.Split('.')[^2];

        // The secret of one studio, presented to another (as its own owner, a real member there): not found.
        var forged = $"/ical/{other.Slug}.{other.UserId}.{secret}.ics";
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(forged));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync($"/ical/{owner.Slug}.{engineer.UserId}.{secret}.ics"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync($"/ical/{owner.Slug}.{owner.UserId}.{secret}x.ics"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync("/ical/garbage.ics"));
        Assert.DoesNotContain("Secret Client", await (await app.CreateClient().GetAsync(feed)).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(engineerFeed));
        await StudioApi.EnsureAsync(await owner.Http.DeleteAsync(owner.Api($"/members/{engineer.UserId}")));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(engineerFeed));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CalendarFeedTests_Sqlite(SqliteAppFactory app) : CalendarFeedTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CalendarFeedTests_Postgres(PostgresAppFactory app) : CalendarFeedTests(app);
