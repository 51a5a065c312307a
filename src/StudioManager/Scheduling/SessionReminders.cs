using System.Net;
using Microsoft.EntityFrameworkCore;
using Quartz;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Email;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Jobs;
using StudioManager.Infrastructure.Time;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Scheduling;

/// <summary>Emails a session's client before it starts (the studio's SessionReminderHours, 24 by default), once.</summary>
public sealed class SessionReminders(TenantDbContext db, MasterDbContext master, CurrentTenant tenant, TimeProvider clock,
    ClientService clients, StudioSettings settings, Outbox outbox)
{
    /// <summary>Records a reminder for every tentative or confirmed session starting within the studio's reminder time
    /// whose client has an email, unless one was sent for that start. Safe to run twice at once, on one node or two:
    /// each reminder is claimed by inserting its session_reminders row, in the transaction that records the mail, so of
    /// two runs one inserts and the other meets the key (PostgreSQL makes it wait for the first to commit; SQLite's
    /// write lock does the same) and sends nothing. Returns how many this run recorded.</summary>
    [RequiresPermission(Permission.BookSessions)]
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var studio = await settings.GetAsync(ct);
        if (studio.SessionReminderHours is not { } hours) return 0;
        var now = clock.StoredUtcNow();
        var until = now.AddHours(hours);
        var reminded = db.SessionReminders;
        var due = await db.Sessions.AsNoTracking().IgnoreAutoIncludes()
            .Where(s => (s.Status == SessionStatus.Tentative || s.Status == SessionStatus.Confirmed) && s.StartsAt > now && s.StartsAt <= until
                        && !reminded.Any(r => r.SessionId == s.Id && r.StartsAt == s.StartsAt))
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToListAsync(ct);
        var sent = 0;
        foreach (var session in due)
            if (await SendAsync(session, studio, now, ct)) sent++;
        return sent;
    }

    private async Task<bool> SendAsync(Session session, StudioSettingsDto studio, DateTime now, CancellationToken ct)
    {
        var client = await clients.FindAsync(session.ClientId, ct);
        if (string.IsNullOrWhiteSpace(client.Email)) return false;
        var room = await db.Rooms.AsNoTracking().Where(r => r.Id == session.RoomId).Select(r => r.Name).FirstAsync(ct);
        try
        {
            return await db.InTransactionAsync(async () =>
            {
                db.SessionReminders.Add(new SessionReminder { SessionId = session.Id, StartsAt = session.StartsAt, SentAt = now });
                await db.SaveChangesAsync(ct);
                outbox.Add(master, Message(client.Email, client.Name, session, room, studio), studio.Id);
                await master.SaveChangesAsync(ct);
                return true;
            }, ct);
        }
        catch (ConflictException)
        {
            // Another run claimed it first (or the session was deleted meanwhile): nothing to send here.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static EmailMessage Message(string to, string clientName, Session s, string room, StudioSettingsDto studio)
    {
        var start = StudioTime.DateAndTime(s.StartsAt, studio.TimeZone);
        var end = StudioTime.ToLocal(s.EndsAt, studio.TimeZone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        static string Html(string text) => WebUtility.HtmlEncode(text);
        return new EmailMessage(to, $"Reminder: {s.Title} at {studio.Name}, {start}",
            $"Hello {clientName},\n\nThis is a reminder of your session \"{s.Title}\" at {studio.Name}: {start} to {end} ({studio.TimeZone}), " +
            $"in {room}.\n\nSee you soon,\n{studio.Name}\n",
            $"<p>Hello {Html(clientName)},</p><p>This is a reminder of your session <b>{Html(s.Title)}</b> at {Html(studio.Name)}: " +
            $"{Html(start)} to {Html(end)} ({Html(studio.TimeZone)}), in {Html(room)}.</p><p>See you soon,<br>{Html(studio.Name)}</p>");
    }
}

/// <summary>The Quartz job behind the reminders: every studio that sends reminders, one after another. One run at a
/// time on a node; other nodes are kept from sending twice by the claim in SessionReminders, not by the scheduler.</summary>
[DisallowConcurrentExecution]
public sealed class SessionReminderJob(EveryStudio studios) : IJob
{
    public Task<int> RunAsync(CancellationToken ct = default) =>
        studios.RunAsync<SessionReminders>("Session reminders", o => o.SessionReminderHours != null, (r, c) => r.SendDueAsync(c), ct);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await RunAsync(cancellationToken);
}

public static class SessionReminderSetup
{
    /// <summary>The reminder job every Scheduling:Reminders:Interval (5 minutes by default).</summary>
    public static void AddSessionReminders(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<SessionReminders>();
        services.AddRecurringJob<SessionReminderJob>(config, "Scheduling:Reminders", TimeSpan.FromMinutes(5));
    }
}
