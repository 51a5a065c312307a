using Microsoft.AspNetCore.Http.HttpResults;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Scheduling;

public static class CalendarEndpoints
{
    public static void MapCalendarEndpoints(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("/api/studios/{studio}/calendar").StudioScoped()
            .WithTag("Calendar", "Subscribable iCalendar feeds of the studio's sessions (the whole studio, a room, an engineer) behind secret, revocable URLs.");
        feeds.MapGet("/feeds", ListFeeds).RequirePermission(Permission.ViewSchedule).WithName("ListCalendarFeeds");
        feeds.MapPost("/feeds", CreateFeed).RequirePermission(Permission.ViewSchedule).WithName("CreateCalendarFeed");
        feeds.MapDelete("/feeds/{id:int}", RevokeFeed).RequirePermission(Permission.ViewSchedule).WithName("RevokeCalendarFeed")
            .ProducesProblem(StatusCodes.Status404NotFound);

        // No sign-in: calendar apps fetch it with the secret URL alone.
        app.MapGet("/ical/{token}.ics", Feed).AllowAnonymous().WithName("GetCalendarFeed").WithTags("Calendar")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar").ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Your calendar feeds in this studio (their URLs are only shown when created).</summary>
    public static async Task<Ok<List<CalendarFeedDto>>> ListFeeds(CalendarFeeds feeds, CancellationToken ct) =>
        TypedResults.Ok(await feeds.ListAsync(ct));

    /// <summary>Creates a feed of the studio's, a room's or an engineer's sessions; the answer holds its secret URL.</summary>
    public static async Task<Created<CreatedCalendarFeedDto>> CreateFeed(CalendarFeedInput input, CalendarFeeds feeds, CurrentTenant tenant, CancellationToken ct)
    {
        var feed = await feeds.CreateAsync(input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/calendar/feeds/{feed.Id}", feed);
    }

    /// <summary>Revokes one of your feeds: its URL stops working at once.</summary>
    public static async Task<NoContent> RevokeFeed(int id, CalendarFeeds feeds, CancellationToken ct)
    {
        await feeds.RevokeAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>An iCalendar feed (RFC 5545) by its secret URL, for calendar apps to subscribe to.</summary>
    /// <remarks>The token names the studio and the member who made the feed; the feed reads the schedule as that member,
    /// and answers 404 once revoked or once they left the studio.</remarks>
    public static async Task<ContentHttpResult> Feed(string token, HttpContext http, StudioDirectory directory, CurrentTenant tenant, CancellationToken ct)
    {
        const string missing = "There is no such calendar feed.";
        if (CalendarFeedToken.Parse(token) is not { } t) throw new NotFoundException(missing);
        try
        {
            await tenant.EnterAsync(directory, t.Studio, t.UserId, "Calendar feed", ct);
        }
        catch (InvalidOperationException)
        {
            throw new NotFoundException(missing); // no such studio, or the feed's member left it
        }
        if (tenant.Studio.Status is TenantDatabaseStatus.Provisioning or TenantDatabaseStatus.Deleted) throw new NotFoundException(missing);
        // Resolved now that the studio is entered: the studio database is opened for it.
        var feeds = http.RequestServices.GetRequiredService<CalendarFeeds>();
        return TypedResults.Text(await feeds.RenderAsync(t.Secret, ct), "text/calendar; charset=utf-8");
    }
}
