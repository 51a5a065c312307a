using System.Net;
using System.Net.Http.Json;
using StudioManager.Tests.Identity;
using StudioManager.Tests.Infrastructure;
using static StudioManager.Tests.Scheduling.Booking;

namespace StudioManager.Tests.Scheduling;

/// <summary>The scheduling pages (static server rendering) run the same use cases as the API.</summary>
public abstract class SchedulingPageTests(StudioAppFactory app)
{
    private async Task<Browser> SignInAsync(StudioSession s)
    {
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = s.Email, ["Input.Password"] = s.Password });
        return browser;
    }

    private static Dictionary<string, string> Form(int room, int client, string title, string date, string start, string end) => new()
    {
        ["Model.Title"] = title, ["Model.RoomId"] = room.ToString(), ["Model.ClientId"] = client.ToString(), ["Model.Type"] = "Recording",
        ["Model.Date"] = date, ["Model.StartTime"] = start, ["Model.EndTime"] = end,
    };

    [Fact]
    public async Task ShouldBookFromTheFormInStudioTimeAndShowTheClashWhenTheSlotIsTaken()
    {
        var s = await app.RegisterStudioAsync();
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api(), new { timeZone = "Europe/Paris" }));
        var room = await RoomAsync(s);
        var client = await ClientAsync(s);
        var browser = await SignInAsync(s);
        var url = $"/s/{s.Slug}/sessions/new";

        var booked = await browser.SubmitExpectingRedirectAsync(url, "session", Form(room, client, "Form booking", "2030-06-03", "10:00", "12:00"));
        var refused = await browser.SubmitAsync(url, "session", Form(room, client, "Too late", "2030-06-03", "11:00", "13:00"));

        Assert.Matches($"^/s/{s.Slug}/sessions/\\d+/edit$", booked);
        var list = await (await s.Http.GetAsync(s.Api("/sessions"))).ReadJsonAsync();
        var session = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(new DateTime(2030, 6, 3, 8, 0, 0, DateTimeKind.Utc), session.GetProperty("start").GetDateTime().ToUniversalTime()); // 10:00 in Paris, UTC+2
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"conflicts\"", html);
        Assert.Contains("Form booking", html);
        var edit = await browser.GetHtmlAsync(booked);
        Assert.Contains("value=\"10:00\"", edit); // shown back in studio time
    }

    [Fact]
    public async Task ShouldShowTodaysSessionsOnTheStudioHomeAndAClientsSessionsOnItsPage()
    {
        var s = await app.RegisterStudioAsync();
        var room = await RoomAsync(s);
        var client = await ClientAsync(s, "Home Client");
        // Today and midnight as the studio sees them (its zone, not UTC: the shared clock may stand past 23:00 UTC).
        var zone = StudioManager.Platform.StudioCreation.DefaultTimeZone;
        var localToday = StudioManager.Infrastructure.Time.StudioTime.Today(app.Clock, zone);
        var today = StudioManager.Infrastructure.Time.StudioTime.ToUtc(localToday.ToDateTime(TimeOnly.MinValue), zone);
        await BookOkAsync(s, Session(room, client, today, today.AddMinutes(30), "Early bird"));
        await BookOkAsync(s, Session(room, client, today.AddDays(10), today.AddDays(10).AddHours(1), "Much later"));
        var browser = await SignInAsync(s);

        var home = await browser.GetHtmlAsync($"/s/{s.Slug}");
        var clientPage = await browser.GetHtmlAsync($"/s/{s.Slug}/clients/{client}");
        var sessions = await browser.GetHtmlAsync($"/s/{s.Slug}/sessions?from={localToday.AddDays(9):yyyy-MM-dd}");

        Assert.Contains("data-test=\"today-sessions\"", home);
        Assert.Contains("Early bird", home);
        Assert.DoesNotContain("Much later", home);
        Assert.Contains("Early bird", clientPage);
        Assert.Contains("Much later", clientPage);
        Assert.Contains("Much later", sessions);
        Assert.DoesNotContain("Early bird", sessions);
        Assert.EndsWith($"/s/{s.Slug}", (await browser.Http.GetAsync("/")).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ShouldLogMaintenanceFromTheEquipmentPage()
    {
        var s = await app.RegisterStudioAsync();
        var mic = await EquipmentAsync(s, "Tube mic");
        var browser = await SignInAsync(s);

        await browser.SubmitExpectingRedirectAsync($"/s/{s.Slug}/equipment/{mic}", "maintenance",
            new Dictionary<string, string> { ["Entry.Description"] = "Replaced the tube", ["Entry.NextMaintenanceDate"] = "2031-01-15" });

        var html = await browser.GetHtmlAsync($"/s/{s.Slug}/equipment/{mic}");
        Assert.Contains("Replaced the tube", html);
        Assert.Contains("15 Jan 2031", html);
    }

    [Fact]
    public async Task ShouldAnswer404OnEverySchedulingPageToAnotherStudiosMember()
    {
        var owner = await app.RegisterStudioAsync();
        var outsider = await SignInAsync(await app.RegisterStudioAsync());
        var pages = StudioRoutes.Under(app, "/s/{studio}").Where(r => r.Method == "GET" &&
            (r.Pattern == "/s/{studio}" || r.Pattern.StartsWith("/s/{studio}/rooms") || r.Pattern.StartsWith("/s/{studio}/equipment")
             || r.Pattern.StartsWith("/s/{studio}/sessions") || r.Pattern.StartsWith("/s/{studio}/calendar")))
            .Select(r => StudioRoutes.Fill(r.Pattern, owner.Slug)).Distinct().ToList();
        Assert.True(pages.Count >= 11, $"only {pages.Count} scheduling pages");
        Assert.Contains($"/s/{owner.Slug}/calendar/feeds", pages);
        foreach (var page in pages)
            Assert.True((await outsider.Http.GetAsync(page)).StatusCode == HttpStatusCode.NotFound, $"{page} did not answer 404 to another studio's member");
    }

    [Fact]
    public async Task ShouldCreateAFeedShowingItsAddressOnceAndRevokeItFromTheFeedsPage()
    {
        var s = await app.RegisterStudioAsync();
        var room = await RoomAsync(s, "Feed Room");
        var client = await ClientAsync(s, "Feed Client");
        await BookOkAsync(s, Session(room, client, app.Clock.GetUtcNow().UtcDateTime.Date.AddDays(2), app.Clock.GetUtcNow().UtcDateTime.Date.AddDays(2).AddHours(2), "Feed session"));
        var browser = await SignInAsync(s);
        var page = $"/s/{s.Slug}/calendar/feeds";
        Assert.Contains("data-test=\"no-feeds\"", await browser.GetHtmlAsync(page));

        var unknown = await (await browser.SubmitAsync(page, "feed", new Dictionary<string, string> { ["Input.Target"] = "room-999999" })).Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"error-id\"", unknown);
        var created = await (await browser.SubmitAsync(page, "feed", new Dictionary<string, string> { ["Input.Target"] = $"room-{room}" })).Content.ReadAsStringAsync();

        var url = System.Text.RegularExpressions.Regex.Match(created, "value=\"(http://studio\\.test/ical/[^\"]+\\.ics)\"").Groups[1].Value;
        Assert.NotEqual("", url);
        var path = new Uri(url).PathAndQuery;
        var feed = await app.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Contains("Feed session", await feed.Content.ReadAsStringAsync());
        var feedId = (await (await s.Http.GetAsync(s.Api("/calendar/feeds"))).ReadJsonAsync())[0].GetProperty("id").GetInt32();
        var listed = await browser.GetHtmlAsync(page);
        Assert.Contains($"data-test=\"feed-{feedId}\"", listed);
        Assert.DoesNotContain(path, listed); // the address is shown once, when created

        var revoked = await (await browser.SubmitAsync(page, $"revoke-{feedId}")).Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"no-feeds\"", revoked);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task ShouldSetTheSessionReminderHoursFromTheSettingsPage()
    {
        var s = await app.RegisterStudioAsync();
        var browser = await SignInAsync(s);
        var page = $"/s/{s.Slug}/settings";
        Assert.Contains("value=\"24\"", await browser.GetHtmlAsync(page));
        var fields = new Dictionary<string, string> { ["Input.Name"] = "Reminder Settings", ["Input.TimeZone"] = "Europe/Paris", ["Input.Currency"] = "EUR", ["Input.Locale"] = "en-GB" };

        var word = await browser.SubmitAsync(page, "settings", new Dictionary<string, string>(fields) { ["Input.SessionReminderHours"] = "soon" });
        var tooMany = await browser.SubmitAsync(page, "settings", new Dictionary<string, string>(fields) { ["Input.SessionReminderHours"] = "169" });
        Assert.Contains("data-test=\"error-sessionReminderHours\"", await word.Content.ReadAsStringAsync());
        Assert.Contains("data-test=\"error-sessionReminderHours\"", await tooMany.Content.ReadAsStringAsync());
        Assert.Equal(24, (await (await s.Http.GetAsync(s.Api())).ReadJsonAsync()).GetProperty("sessionReminderHours").GetInt32());

        await browser.SubmitExpectingRedirectAsync(page, "settings", new Dictionary<string, string>(fields) { ["Input.SessionReminderHours"] = "48" });
        Assert.Equal(48, (await (await s.Http.GetAsync(s.Api())).ReadJsonAsync()).GetProperty("sessionReminderHours").GetInt32());
        await browser.SubmitExpectingRedirectAsync(page, "settings", new Dictionary<string, string>(fields) { ["Input.SessionReminderHours"] = "" });
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await (await s.Http.GetAsync(s.Api())).ReadJsonAsync()).GetProperty("sessionReminderHours").ValueKind);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SchedulingPageTests_Sqlite(SqliteAppFactory app) : SchedulingPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SchedulingPageTests_Postgres(PostgresAppFactory app) : SchedulingPageTests(app);
