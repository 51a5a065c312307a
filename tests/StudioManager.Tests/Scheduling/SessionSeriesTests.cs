using System.Net;
using System.Net.Http.Json;
using StudioManager.Tests.Infrastructure;
using static StudioManager.Tests.Scheduling.Booking;

namespace StudioManager.Tests.Scheduling;

/// <summary>Recurring bookings are expanded on the studio's wall clock and checked whole before anything is saved.</summary>
public abstract class SessionSeriesTests(StudioAppFactory app)
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static async Task<StudioSession> ParisStudioAsync(StudioAppFactory app)
    {
        var s = await app.RegisterStudioAsync();
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api(), new { timeZone = "Europe/Paris" }));
        return s;
    }

    private static object Weekly(int room, int client, DateTime start, DateTime end, object recurrence) =>
        new { roomId = room, clientId = client, title = "Weekly vocals", type = "recording", start, end, recurrence };

    [Fact]
    public async Task ShouldKeepAWeeklyParisSessionAtTenAcrossBothDstChanges()
    {
        var s = await ParisStudioAsync(app);
        var room = await RoomAsync(s);
        var client = await ClientAsync(s);
        var start = new DateTime(2026, 3, 16, 9, 0, 0, DateTimeKind.Utc); // Monday 10:00 in Paris (UTC+1)

        var response = await BookAsync(s, Weekly(room, client, start, start.AddHours(2), new { frequency = "weekly", interval = 1, until = "2026-11-02" }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var series = await response.ReadJsonAsync();
        Assert.Equal("FREQ=WEEKLY;INTERVAL=1;UNTIL=20261102", series.GetProperty("rule").GetString());
        var sessions = series.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(34, sessions.Count);
        Assert.All(sessions, x =>
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(x.GetProperty("start").GetDateTime().ToUniversalTime(), Paris);
            Assert.Equal((DayOfWeek.Monday, new TimeSpan(10, 0, 0)), (local.DayOfWeek, local.TimeOfDay));
            Assert.Equal(series.GetProperty("seriesId").GetInt32(), x.GetProperty("seriesId").GetInt32());
        });
        // Across the changes the UTC hour moves, the local one does not.
        var utcHours = sessions.Select(x => x.GetProperty("start").GetDateTime().ToUniversalTime().Hour).ToList();
        Assert.Equal([9, 9, 8], utcHours.Take(3));
        Assert.Equal([8, 9, 9], utcHours.Skip(31));
    }

    [Fact]
    public async Task ShouldBookNoOccurrenceWhenSomeClashAndListThem()
    {
        var s = await ParisStudioAsync(app);
        var room = await RoomAsync(s);
        var client = await ClientAsync(s);
        var start = new DateTime(2026, 1, 5, 13, 0, 0, DateTimeKind.Utc); // Monday 14:00 in Paris
        var takenWeek1 = (await BookOkAsync(s, Session(room, client, start.AddDays(7).AddHours(1), start.AddDays(7).AddHours(3), "Already there"))).GetProperty("id").GetInt32();
        var taken5 = (await BookOkAsync(s, Session(room, client, start.AddDays(28), start.AddDays(28).AddHours(1), "Also there"))).GetProperty("id").GetInt32();

        var response = await BookAsync(s, Weekly(room, client, start, start.AddHours(2), new { frequency = "weekly", interval = 2, count = 4 }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var conflicts = (await response.ReadJsonAsync()).GetProperty("conflicts").EnumerateArray().ToList();
        Assert.Equal([(start.AddDays(28), taken5)],
            conflicts.Select(c => (c.GetProperty("start").GetDateTime().ToUniversalTime(), c.GetProperty("sessionId").GetInt32())));
        // Every week: the second week's slot clashes too.
        var everyWeek = await BookAsync(s, Weekly(room, client, start, start.AddHours(2), new { frequency = "weekly", count = 5 }));
        var both = (await everyWeek.ReadJsonAsync()).GetProperty("conflicts").EnumerateArray().Select(c => c.GetProperty("sessionId").GetInt32()).ToList();
        Assert.Equal([takenWeek1, taken5], both);
        var all = await (await s.Http.GetAsync(s.Api("/sessions"))).ReadJsonAsync();
        Assert.Equal(2, all.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ShouldRefuseASeriesWithoutAnEndOrOverlappingItself()
    {
        var s = await app.RegisterStudioAsync();
        var room = await RoomAsync(s);
        var client = await ClientAsync(s);

        var endless = await BookAsync(s, Weekly(room, client, At(10), At(12), new { frequency = "weekly" }));
        var tooMany = await BookAsync(s, Weekly(room, client, At(10), At(12), new { frequency = "daily", until = "2040-01-01" }));
        var selfOverlap = await BookAsync(s, Weekly(room, client, At(10), At(12, day: 1), new { frequency = "daily", count = 3 }));

        Assert.Equal(HttpStatusCode.BadRequest, endless.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, selfOverlap.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SessionSeriesTests_Sqlite(SqliteAppFactory app) : SessionSeriesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SessionSeriesTests_Postgres(PostgresAppFactory app) : SessionSeriesTests(app);
