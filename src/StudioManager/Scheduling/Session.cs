using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudioManager.Clients;
using StudioManager.Projects;

namespace StudioManager.Scheduling;

public enum SessionType { Recording, Mixing, Mastering, Rehearsal, Production, Other }

public enum SessionStatus { Tentative, Confirmed, InProgress, Completed, Cancelled, NoShow }

/// <summary>A booking of a room for a client (tenant table sessions). Instants are UTC.</summary>
[EntityTypeConfiguration(typeof(SessionConfiguration))]
public class Session
{
    public int Id { get; set; }
    public int RoomId { get; set; }
    public int ClientId { get; set; }
    /// <summary>The project the session works on: one of the session's client's projects.</summary>
    public int? ProjectId { get; set; }
    public int? SeriesId { get; set; }
    public string Title { get; set; } = "";
    public SessionType Type { get; set; }
    public SessionStatus Status { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    /// <summary>EndsAt plus the room's turnover buffer: the room is taken over [StartsAt, BlockedUntil). Stored so that
    /// PostgreSQL's exclusion constraint can compare bookings without reading the room.</summary>
    public DateTime BlockedUntil { get; set; }
    public decimal? Price { get; set; }
    /// <summary>The price was set by hand: moving the session keeps it.</summary>
    public bool PriceIsManual { get; set; }
    public decimal? DepositAmount { get; set; }
    public bool DepositIsManual { get; set; }
    public bool DepositPaid { get; set; }
    public string? Notes { get; set; }
    /// <summary>Goes up each time the session's time, room or status changes (calendar feeds' SEQUENCE).</summary>
    public int Sequence { get; set; }
    public int? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<SessionEngineer> Engineers { get; set; } = [];
    public List<SessionEquipment> Equipment { get; set; } = [];
}

/// <summary>A studio member assigned to a session (tenant table session_engineers). Users live in the master
/// database: no foreign key on UserId.</summary>
public class SessionEngineer
{
    public int SessionId { get; set; }
    public int UserId { get; set; }
}

/// <summary>A piece of equipment reserved for a session (tenant table session_equipment).</summary>
public class SessionEquipment
{
    public int SessionId { get; set; }
    public int EquipmentId { get; set; }
}

public enum RecurrenceFrequency { Daily, Weekly }

/// <summary>The rule a recurring booking was made from (tenant table session_series); its sessions point to it.</summary>
[EntityTypeConfiguration(typeof(SessionSeriesConfiguration))]
public class SessionSeries
{
    public int Id { get; set; }
    public RecurrenceFrequency Frequency { get; set; }
    public int Interval { get; set; } = 1;
    public int? Count { get; set; }
    public DateOnly? Until { get; set; }
    /// <summary>The RFC 5545 RRULE (FREQ=WEEKLY;INTERVAL=2;COUNT=10) of the series, in the studio's time zone.</summary>
    public string Rule { get; set; } = "";
    public string TimeZone { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

public sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> b)
    {
        b.ToTable("sessions");
        b.Property(s => s.Title).HasMaxLength(200);
        b.Property(s => s.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Price).HasPrecision(12, 2);
        b.Property(s => s.DepositAmount).HasPrecision(12, 2);
        b.Property(s => s.Notes).HasMaxLength(4000);
        b.HasOne<Room>().WithMany().HasForeignKey(s => s.RoomId).OnDelete(DeleteBehavior.Restrict);
        // A client with sessions is archived, not deleted.
        b.HasOne<Client>().WithMany().HasForeignKey(s => s.ClientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SessionSeries>().WithMany().HasForeignKey(s => s.SeriesId).OnDelete(DeleteBehavior.SetNull);
        // A project with sessions is not deleted (409, as a client with sessions): they are the studio's record of the
        // work, and often of what is billed. NO ACTION, not RESTRICT: SQLite raises RESTRICT as a trigger error, which
        // SaveConflicts would not read as the 409 it is.
        b.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.NoAction);
        // Calendar queries: a time window (all rooms, one room), a client's sessions.
        b.HasIndex(s => s.StartsAt);
        b.HasIndex(s => new { s.RoomId, s.StartsAt });
        b.HasIndex(s => new { s.ClientId, s.StartsAt });
        b.HasIndex(s => new { s.ProjectId, s.StartsAt });
        b.HasMany(s => s.Engineers).WithOne().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(s => s.Equipment).WithOne().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(s => s.Engineers).AutoInclude();
        b.Navigation(s => s.Equipment).AutoInclude();
    }
}

public sealed class SessionSeriesConfiguration : IEntityTypeConfiguration<SessionSeries>
{
    public void Configure(EntityTypeBuilder<SessionSeries> b)
    {
        b.ToTable("session_series");
        b.Property(s => s.Frequency).HasConversion<string>().HasMaxLength(10);
        b.Property(s => s.Rule).HasMaxLength(200);
        b.Property(s => s.TimeZone).HasMaxLength(64);
    }
}
