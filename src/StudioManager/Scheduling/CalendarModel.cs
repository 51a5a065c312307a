using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Scheduling;

/// <summary>The calendar's own tables in the studio database: subscribable feeds and the reminders already sent. Kept
/// beside SchedulingModel (the bookings) so that each part of the feature adds its tables without touching the other's.</summary>
public sealed class CalendarModel : ITenantModel
{
    public void Build(ModelBuilder model, DatabaseProvider provider)
    {
        model.Entity<CalendarFeed>(b =>
        {
            b.ToTable("calendar_feeds");
            b.Property(f => f.Scope).HasConversion<string>().HasMaxLength(10);
            b.Property(f => f.TokenHash).HasMaxLength(64);
            b.HasIndex(f => f.TokenHash).IsUnique();
            b.HasIndex(f => f.UserId);
        });
        model.Entity<SessionReminder>(b =>
        {
            b.ToTable("session_reminders");
            // The claim: one row per session and start, whoever inserts it first sends the mail.
            b.HasKey(r => new { r.SessionId, r.StartsAt });
            b.HasOne<Session>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

public static class CalendarTables
{
    extension(TenantDbContext db)
    {
        public DbSet<CalendarFeed> CalendarFeeds => db.Set<CalendarFeed>();
        public DbSet<SessionReminder> SessionReminders => db.Set<SessionReminder>();
    }
}

public enum CalendarFeedScope { Studio, Room, Engineer }

/// <summary>A subscribable iCalendar feed (tenant table calendar_feeds): the studio's sessions, a room's or an
/// engineer's. Only the SHA-256 of its secret is stored; the member who made it is the one it reads as, so a feed dies
/// with their membership. Revoking deletes it.</summary>
public class CalendarFeed
{
    public int Id { get; set; }
    public CalendarFeedScope Scope { get; set; }
    /// <summary>The room (scope room) or the engineer's user id (scope engineer); null for the whole studio.</summary>
    public int? TargetId { get; set; }
    public string TokenHash { get; set; } = "";
    /// <summary>The member who created it (master users; no foreign key across databases).</summary>
    public int UserId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A reminder sent to a session's client (tenant table session_reminders), for the session's start at the
/// time: a session moved later is reminded again for its new time.</summary>
public class SessionReminder
{
    public int SessionId { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime SentAt { get; set; }
}
