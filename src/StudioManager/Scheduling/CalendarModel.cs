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
    }
}

public static class CalendarTables
{
    extension(TenantDbContext db)
    {
        public DbSet<CalendarFeed> CalendarFeeds => db.Set<CalendarFeed>();
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
