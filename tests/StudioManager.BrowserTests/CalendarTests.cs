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
        var data = await page.EvaluateHandleAsync("() => new DataTransfer()");
        var args = new Dictionary<string, object> { ["dataTransfer"] = data };
        await source.DispatchEventAsync("dragstart", args);
        await target.DispatchEventAsync("dragenter", args);
        await target.DispatchEventAsync("dragover", args);
        await target.DispatchEventAsync("drop", args);
        await source.DispatchEventAsync("dragend", args);
    }

    [Fact]
    public async Task ShouldRefuseADragOntoATakenSlotAndSaveADragOntoAFreeOne()
    {
        var owner = await fx.App.RegisterStudioAsync("Drag Studio");
        await StudioApi.EnsureAsync(await owner.Http.PatchAsJsonAsync(owner.Api(), new { timeZone = "UTC" }));
        var room = await RoomAsync(owner, "Live Room");
        var client = await ClientAsync(owner, "The Band");
        var vocals = (await BookOkAsync(owner, Session(room, client, At(10), At(11), "Vocals"))).GetProperty("id").GetInt32();
        await BookOkAsync(owner, Session(room, client, At(12), At(13), "Mix"));

        await using var tab = await fx.OpenTabAsync();
        var page = tab.Page;
        await tab.GotoAsync("/login");
        await page.FillAsync("[data-test=email]", owner.Email);
        await page.FillAsync("[data-test=password]", owner.Password);
        await tab.ClickAsync("[data-test=submit]");
        await tab.GotoAsync($"/s/{owner.Slug}/calendar?date={Day:yyyy-MM-dd}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Day", Exact = true }).ClickAsync();
        var session = page.Locator($"[data-test=session-{vocals}]");
        await Assertions.Expect(session).ToBeVisibleAsync();
        await tab.CheckAsync();

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
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class CalendarTests_Sqlite(SqliteBrowserFixture fx) : CalendarTests<SqliteAppFactory>(fx);

[Collection(PostgresBrowserCollection.Name)]
public sealed class CalendarTests_Postgres(PostgresBrowserFixture fx) : CalendarTests<PostgresAppFactory>(fx);
