using System.Net.Http.Json;
using Microsoft.Playwright;
using StudioManager.Tests.Infrastructure;
using static StudioManager.Tests.Scheduling.Booking;

namespace StudioManager.BrowserTests;

/// <summary>The calendar island in a real browser: sessions dragged to a taken slot are refused with the reason, to a
/// free slot are saved (through SessionService's move, as the API).</summary>
public abstract class CalendarTests<TFactory>(BrowserFixture<TFactory> fx) where TFactory : StudioAppFactory, new()
{
    /// <summary>An HTML5 drag and drop as the browser fires it (dragstart, dragover, drop, dragend with one DataTransfer):
    /// Playwright's mouse-driven drag does not complete against the scheduler's drop zones in headless Chromium.</summary>
    private static async Task DragAsync(IPage page, ILocator source, ILocator target)
    {
        await ReadyAsync(page, source);
        var data = await page.EvaluateHandleAsync("() => new DataTransfer()");
        var args = new Dictionary<string, object> { ["dataTransfer"] = data };
        await source.DispatchEventAsync("dragstart", args);
        await target.DispatchEventAsync("dragenter", args);
        await target.DispatchEventAsync("dragover", args);
        await target.DispatchEventAsync("drop", args);
        await source.DispatchEventAsync("dragend", args);
    }

    /// <summary>Waits until the scheduler's script has taken the session in hand (after its render, over the circuit: it
    /// then marks it draggable and listens for its resize handles); events sent before that do nothing.</summary>
    private static Task ReadyAsync(IPage page, ILocator session) =>
        Assertions.Expect(page.Locator(".rz-event[draggable=true]", new() { Has = session })).ToBeVisibleAsync();

    /// <summary>Drags the bottom edge of a session down by whole slots, with the mouse as the scheduler's resize
    /// expects it (mousedown on the handle, moves, mouseup): the slot's height is the scheduler's 1.5em.</summary>
    private static async Task ResizeEndAsync(IPage page, int sessionId, int slots)
    {
        var session = page.Locator($"[data-test=session-{sessionId}]");
        await ReadyAsync(page, session);
        var appointment = page.Locator(".rz-event", new() { Has = session });
        await appointment.HoverAsync();
        var handle = appointment.Locator(".rz-event-resize-end");
        var box = await handle.BoundingBoxAsync() ?? throw new InvalidOperationException("The session has no resize handle.");
        var slot = await appointment.EvaluateAsync<double>("e => 1.5 * parseFloat(getComputedStyle(e).fontSize)");
        var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.MoveAsync((float)x, (float)y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)x, (float)(y + slots * slot), new() { Steps = 5 });
        await page.Mouse.UpAsync();
    }

    /// <summary>Vocals 10:00–11:00 and Mix 12:00–13:00 in one room (no turnover buffer), the calendar open on their day
    /// in the day view, signed in as the owner.</summary>
    private async Task<(BrowserTab Tab, StudioSession Owner, int Vocals)> DayWithTwoSessionsAsync(string studio)
    {
        var owner = await fx.App.RegisterStudioAsync(studio);
        await StudioApi.EnsureAsync(await owner.Http.PatchAsJsonAsync(owner.Api(), new { timeZone = "UTC" }));
        var room = await RoomAsync(owner, "Live Room");
        var client = await ClientAsync(owner, "The Band");
        var vocals = (await BookOkAsync(owner, Session(room, client, At(10), At(11), "Vocals"))).GetProperty("id").GetInt32();
        await BookOkAsync(owner, Session(room, client, At(12), At(13), "Mix"));

        var tab = await fx.OpenTabAsync();
        var page = tab.Page;
        await tab.GotoAsync("/login");
        await page.FillAsync("[data-test=email]", owner.Email);
        await page.FillAsync("[data-test=password]", owner.Password);
        await tab.ClickAsync("[data-test=submit]");
        await tab.GotoAsync($"/s/{owner.Slug}/calendar?date={Day:yyyy-MM-dd}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Day", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator($"[data-test=session-{vocals}]")).ToBeVisibleAsync();
        await tab.CheckAsync();
        return (tab, owner, vocals);
    }

    [Fact]
    public async Task ShouldRefuseADragOntoATakenSlotAndSaveADragOntoAFreeOne()
    {
        var (tab, owner, vocals) = await DayWithTwoSessionsAsync("Drag Studio");
        await using var _ = tab;
        var page = tab.Page;
        var session = page.Locator($"[data-test=session-{vocals}]");

        // Day view from 07:00, 30-minute slots: 12:00 is the 11th slot, 15:00 the 17th.
        var slots = page.Locator(".rz-view-content .rz-slot");
        await DragAsync(page, session, slots.Nth(10));
        await Assertions.Expect(page.Locator("[data-test=calendar-error]")).ToContainTextAsync("room is taken by \"Mix\"");
        await tab.CheckAsync();

        await DragAsync(page, page.Locator($"[data-test=session-{vocals}]"), slots.Nth(16));
        await Assertions.Expect(page.Locator("[data-test=calendar-message]")).ToContainTextAsync("15:00");
        var saved = await (await owner.Http.GetAsync(owner.Api($"/sessions/{vocals}"))).ReadJsonAsync();
        Assert.Equal(At(15), saved.GetProperty("start").GetDateTime().ToUniversalTime());
        Assert.Equal(At(16), saved.GetProperty("end").GetDateTime().ToUniversalTime());
        await tab.CheckAsync();
    }

    [Fact]
    public async Task ShouldRefuseAResizeOntoATakenSlotAndSaveAResizeIntoAFreeOne()
    {
        var (tab, owner, vocals) = await DayWithTwoSessionsAsync("Resize Studio");
        await using var _ = tab;
        var page = tab.Page;

        await ResizeEndAsync(page, vocals, 1); // to 11:30, free
        await Assertions.Expect(page.Locator("[data-test=calendar-message]")).ToContainTextAsync("10:00–11:30");
        var saved = await (await owner.Http.GetAsync(owner.Api($"/sessions/{vocals}"))).ReadJsonAsync();
        Assert.Equal(At(10), saved.GetProperty("start").GetDateTime().ToUniversalTime());
        Assert.Equal(At(11, 30), saved.GetProperty("end").GetDateTime().ToUniversalTime());
        await tab.CheckAsync();

        await ResizeEndAsync(page, vocals, 2); // to 12:30, into Mix
        await Assertions.Expect(page.Locator("[data-test=calendar-error]")).ToContainTextAsync("room is taken by \"Mix\"");
        var kept = await (await owner.Http.GetAsync(owner.Api($"/sessions/{vocals}"))).ReadJsonAsync();
        Assert.Equal(At(11, 30), kept.GetProperty("end").GetDateTime().ToUniversalTime());
        await tab.CheckAsync();
    }

    [Fact]
    public async Task ShouldCreateACalendarFeedAndShowItsAddressOnce()
    {
        var owner = await fx.App.RegisterStudioAsync("Feed Studio");
        await RoomAsync(owner, "Live Room");
        await using var tab = await fx.OpenTabAsync();
        var page = tab.Page;
        await tab.GotoAsync("/login");
        await page.FillAsync("[data-test=email]", owner.Email);
        await page.FillAsync("[data-test=password]", owner.Password);
        await tab.ClickAsync("[data-test=submit]");

        await tab.GotoAsync($"/s/{owner.Slug}/calendar/feeds");
        await page.SelectOptionAsync("[data-test=feed-target]", new SelectOptionValue { Label = "Room: Live Room" });
        await tab.ClickAsync("[data-test=create-feed]");

        await Assertions.Expect(page.Locator("[data-test=feed-url]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/ical/.+\\.ics$"));
        await Assertions.Expect(page.Locator("[data-test=feeds] tbody tr")).ToHaveCountAsync(1);
    }
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class CalendarTests_Sqlite(SqliteBrowserFixture fx) : CalendarTests<SqliteAppFactory>(fx);

[Collection(PostgresBrowserCollection.Name)]
public sealed class CalendarTests_Postgres(PostgresBrowserFixture fx) : CalendarTests<PostgresAppFactory>(fx);
