using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StudioManager.Scheduling;

public enum RoomType { Recording, Mixing, Mastering, Rehearsal, Live, Booth }

/// <summary>A bookable space of the studio (tenant table rooms).</summary>
[EntityTypeConfiguration(typeof(RoomConfiguration))]
public class Room
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public RoomType Type { get; set; }
    public string? Description { get; set; }
    public decimal? HourlyRate { get; set; }
    /// <summary>Price of up to 4 hours.</summary>
    public decimal? HalfDayRate { get; set; }
    /// <summary>Price of up to 8 hours.</summary>
    public decimal? FullDayRate { get; set; }
    public int? Capacity { get; set; }
    /// <summary>Minutes the room stays blocked after a session (cleaning, resetting the gear).</summary>
    public int TurnoverBufferMinutes { get; set; }
    /// <summary>As people read it ("Mon–Sat 09:00–23:00"); informative, bookings outside are not refused.</summary>
    public string? OpeningHours { get; set; }
    public bool BookableByClients { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>Calendar colour, "#rrggbb".</summary>
    public string Color { get; set; } = "#3b82f6";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class RoomConfiguration : IEntityTypeConfiguration<Room>
{
    public void Configure(EntityTypeBuilder<Room> b)
    {
        b.ToTable("rooms");
        b.Property(r => r.Name).HasMaxLength(100);
        b.HasIndex(r => r.Name).IsUnique();
        b.Property(r => r.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Description).HasMaxLength(2000);
        b.Property(r => r.HourlyRate).HasPrecision(12, 2);
        b.Property(r => r.HalfDayRate).HasPrecision(12, 2);
        b.Property(r => r.FullDayRate).HasPrecision(12, 2);
        b.Property(r => r.OpeningHours).HasMaxLength(200);
        b.Property(r => r.Color).HasMaxLength(7);
    }
}
