using StudioManager.Infrastructure.Time;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Email;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Security;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Scheduling;

/// <summary>A feed as its owner sees it; the secret URL is only shown once, when it is created.</summary>
public sealed record CalendarFeedDto(int Id, CalendarFeedScope Scope, int? TargetId, string Name, DateTime CreatedAt);

/// <summary>POST /calendar/feeds answer: the feed and its secret URL (not stored: only its hash is).</summary>
public sealed record CreatedCalendarFeedDto(int Id, CalendarFeedScope Scope, int? TargetId, string Name, DateTime CreatedAt, string Url);

/// <summary>Body of POST /calendar/feeds: `scope` studio (no id), room (the room's id) or engineer (the member's user id).</summary>
public sealed record CalendarFeedInput(CalendarFeedScope? Scope, int? Id);

/// <summary>The token of a feed URL, "{studio}.{userId}.{secret}": the studio and the member say which database to
/// open and as whom (as TenantResolutionMiddleware would for a signed-in member); the secret (32 random bytes,
/// base64url) is the credential, looked up by its hash in that studio's database only, so a token never reads
/// another studio. Slugs and base64url have no '.'.</summary>
public sealed record CalendarFeedToken(string Studio, int UserId, string Secret)
{
    public override string ToString() => $"{Studio}.{UserId}.{Secret}";

    public static CalendarFeedToken? Parse(string? token)
    {
        var parts = (token ?? "").Split('.');
        return parts is [{ Length: > 0 } studio, var user, { Length: > 0 } secret] && int.TryParse(user, out var userId)
            ? new CalendarFeedToken(studio, userId, secret)
            : null;
    }
}

/// <summary>Subscribable iCalendar feeds (RFC 5545) of the studio's sessions, per studio, room or engineer, behind a
/// secret URL. A member manages their own feeds; the feed reads the schedule as that member, with their permission
/// checked on every fetch.</summary>
public sealed class CalendarFeeds(TenantDbContext db, CurrentTenant tenant, TimeProvider clock, ClientService clients, Members members,
    PublicLinks links)
{
    /// <summary>What a feed holds: sessions from this long ago, and every one to come (bookings bound the future).</summary>
    public static readonly TimeSpan Past = TimeSpan.FromDays(90);
    /// <summary>Feeds one member may have: each is a live credential.</summary>
    public const int MaxPerMember = 20;

    /// <summary>The caller's feeds, newest first.</summary>
    [RequiresPermission(Permission.ViewSchedule)]
    public async Task<List<CalendarFeedDto>> ListAsync(CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var feeds = await db.CalendarFeeds.AsNoTracking().Where(f => f.UserId == tenant.UserId)
            .OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id).ToListAsync(ct);
        var names = await NamesAsync(feeds, ct);
        return feeds.Select(f => new CalendarFeedDto(f.Id, f.Scope, f.TargetId, names[f.Id], f.CreatedAt)).ToList();
    }

    /// <summary>Creates a feed for the caller and returns its secret URL, shown this once.</summary>
    [RequiresPermission(Permission.ViewSchedule)]
    public async Task<CreatedCalendarFeedDto> CreateAsync(CalendarFeedInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var v = new Validation();
        v.Check(input.Scope is not null, "scope", "A scope is required: studio, room or engineer.").ThrowIfInvalid();
        switch (input.Scope)
        {
            case CalendarFeedScope.Studio:
                v.Check(input.Id is null, "id", "A studio feed names no room nor engineer.");
                break;
            case CalendarFeedScope.Room:
                v.Check(input.Id is { } room && await db.Rooms.AnyAsync(r => r.Id == room, ct), "id", $"There is no room {input.Id}.");
                break;
            case CalendarFeedScope.Engineer:
                var found = input.Id is { } user ? await members.FindManyAsync([user], ct) : [];
                v.Check(found.Count == 1, "id", $"User {input.Id} is not a member of this studio.");
                break;
        }
        v.ThrowIfInvalid();

        var secret = SecretToken.New();
        var feed = new CalendarFeed
        {
            Scope = input.Scope!.Value, TargetId = input.Id, TokenHash = secret.Hash, UserId = tenant.UserId,
            CreatedAt = clock.StoredUtcNow(),
        };
        // The count holds until the insert commits: two requests at once never make a 21st feed.
        await db.InTransactionAsync(async () =>
        {
            await db.LockTableAsync<CalendarFeed>(ct);
            new Validation().Check(await db.CalendarFeeds.CountAsync(f => f.UserId == tenant.UserId, ct) < MaxPerMember, "scope",
                $"You have {MaxPerMember} feeds already: revoke one first.").ThrowIfInvalid();
            db.CalendarFeeds.Add(feed);
            return await db.SaveChangesAsync(ct);
        }, ct);
        var token = new CalendarFeedToken(tenant.Studio.Slug, tenant.UserId, secret.Text);
        return new CreatedCalendarFeedDto(feed.Id, feed.Scope, feed.TargetId, (await NamesAsync([feed], ct))[feed.Id], feed.CreatedAt,
            links.Absolute($"/ical/{token}.ics"));
    }

    /// <summary>Revokes one of the caller's feeds: its URL answers 404 from now on.</summary>
    [RequiresPermission(Permission.ViewSchedule)]
    public async Task RevokeAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var deleted = await db.CalendarFeeds.Where(f => f.Id == id && f.UserId == tenant.UserId).ExecuteDeleteAsync(ct);
        if (deleted == 0) throw new NotFoundException($"You have no calendar feed {id}.");
    }

    /// <summary>The feed of this secret, as RFC 5545 text, read as the member who made it (entered by the caller).
    /// One VEVENT per session: UID stable per session, DTSTART/DTEND in UTC, SEQUENCE from the session (it goes up
    /// when the session moves or changes status); cancelled sessions stay, with STATUS:CANCELLED, so that subscribed
    /// calendars drop them.</summary>
    [RequiresPermission(Permission.ViewSchedule)]
    public async Task<string> RenderAsync(string secret, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var feed = await FindAsync(secret, ct) ?? throw new NotFoundException("There is no such calendar feed.");
        var from = clock.StoredUtcNow() - Past;
        var earliest = from - SessionService.MaxDuration;
        var q = db.Sessions.AsNoTracking().Where(s => s.StartsAt > earliest && s.EndsAt > from);
        q = feed.Scope switch
        {
            CalendarFeedScope.Room => q.Where(s => s.RoomId == feed.TargetId),
            CalendarFeedScope.Engineer => q.Where(s => s.Engineers.Any(e => e.UserId == feed.TargetId)),
            _ => q,
        };
        var sessions = await q.OrderBy(s => s.StartsAt).ThenBy(s => s.Id).AsSplitQuery().ToListAsync(ct);
        var rooms = await db.Rooms.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var clientNames = await clients.NamesAsync(sessions.Select(s => s.ClientId).Distinct().ToList(), ct);
        var engineers = await members.FindManyAsync(sessions.SelectMany(s => s.Engineers.Select(e => e.UserId)).Distinct().ToList(), ct);

        var calendar = new Calendar { ProductId = "-//Recording Studio Manager//Calendar feeds//EN", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", $"{tenant.Studio.Name}: {(await NamesAsync([feed], ct))[feed.Id]}");
        calendar.AddProperty("X-WR-TIMEZONE", tenant.Studio.TimeZone);
        foreach (var s in sessions)
        {
            var client = clientNames.GetValueOrDefault(s.ClientId, "");
            var people = s.Engineers.Select(e => engineers.TryGetValue(e.UserId, out var m) ? m.Name : null).OfType<string>().ToList();
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"session-{s.Id}@{tenant.Studio.Slug}.studio-manager",
                Sequence = s.Sequence,
                DtStamp = new CalDateTime(s.UpdatedAt),
                LastModified = new CalDateTime(s.UpdatedAt),
                Start = new CalDateTime(s.StartsAt),
                End = new CalDateTime(s.EndsAt),
                Summary = client.Length > 0 ? $"{s.Title} · {client}" : s.Title,
                Location = rooms.GetValueOrDefault(s.RoomId, ""),
                Description = string.Join("\n", new[]
                {
                    $"{SessionLifecycle.Name(s.Status)} {s.Type.ToString().ToLowerInvariant()} session",
                    client.Length > 0 ? $"Client: {client}" : null,
                    people.Count > 0 ? $"Engineers: {string.Join(", ", people)}" : null,
                }.OfType<string>()),
                Status = s.Status switch
                {
                    SessionStatus.Cancelled => EventStatus.Cancelled,
                    SessionStatus.Tentative => EventStatus.Tentative,
                    _ => EventStatus.Confirmed,
                },
            });
        }
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    /// <summary>The caller's feed of this secret; compared in constant time after the lookup by hash.</summary>
    private async Task<CalendarFeed?> FindAsync(string secret, CancellationToken ct)
    {
        if (SecretToken.HashOf(secret) is not { } hash) return null;
        var feed = await db.CalendarFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.TokenHash == hash && f.UserId == tenant.UserId, ct);
        return feed is not null && SecretToken.Matches(feed.TokenHash, hash) ? feed : null;
    }

    /// <summary>What each feed shows, by id: "All sessions", the room's name, the engineer's.</summary>
    private async Task<Dictionary<int, string>> NamesAsync(IReadOnlyList<CalendarFeed> feeds, CancellationToken ct)
    {
        var roomIds = feeds.Where(f => f.Scope == CalendarFeedScope.Room).Select(f => f.TargetId!.Value).ToList();
        var rooms = await db.Rooms.AsNoTracking().Where(r => roomIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var people = await members.FindManyAsync(feeds.Where(f => f.Scope == CalendarFeedScope.Engineer).Select(f => f.TargetId!.Value).Distinct().ToList(), ct);
        return feeds.ToDictionary(f => f.Id, f => f.Scope switch
        {
            CalendarFeedScope.Room => rooms.TryGetValue(f.TargetId!.Value, out var room) ? room : $"Room {f.TargetId}",
            CalendarFeedScope.Engineer => people.TryGetValue(f.TargetId!.Value, out var m) ? m.Name : $"Former member {f.TargetId}",
            _ => "All sessions",
        });
    }
}
