using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StudioManager.Scheduling;

public enum EquipmentStatus { Operational, Maintenance, OutOfService, Rented }

public enum EquipmentCondition { New, Excellent, Good, Fair, Poor }

/// <summary>A piece of the studio's gear (tenant table equipment); it may belong to a room and be reserved for sessions.</summary>
[EntityTypeConfiguration(typeof(EquipmentConfiguration))]
public class Equipment
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? Brand { get; set; }
    public string? Model { get; set; }
    public string? SerialNumber { get; set; }
    /// <summary>Free text: microphone, preamp, console, instrument…</summary>
    public string? Category { get; set; }
    public int? RoomId { get; set; }
    public EquipmentStatus Status { get; set; }
    public EquipmentCondition Condition { get; set; } = EquipmentCondition.Good;
    public DateOnly? PurchaseDate { get; set; }
    public decimal? PurchasePrice { get; set; }
    public DateOnly? WarrantyEnd { get; set; }
    public DateOnly? NextMaintenanceDate { get; set; }
    public string? Notes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<MaintenanceEntry> Maintenance { get; set; } = [];

    /// <summary>Gear under maintenance or out of service cannot be reserved.</summary>
    public bool IsReservable => Status is EquipmentStatus.Operational or EquipmentStatus.Rented;
}

/// <summary>One line of an equipment's maintenance log (tenant table equipment_maintenance).</summary>
[EntityTypeConfiguration(typeof(MaintenanceEntryConfiguration))]
public class MaintenanceEntry
{
    public int Id { get; set; }
    public int EquipmentId { get; set; }
    /// <summary>The day the work was done, in the studio's calendar.</summary>
    public DateOnly PerformedOn { get; set; }
    public string Description { get; set; } = "";
    /// <summary>Who did it: a technician's or a company's name.</summary>
    public string? PerformedBy { get; set; }
    public decimal? Cost { get; set; }
    public int? CreatedBy { get; set; }
    public string? CreatedByName { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class EquipmentConfiguration : IEntityTypeConfiguration<Equipment>
{
    public void Configure(EntityTypeBuilder<Equipment> b)
    {
        b.ToTable("equipment");
        b.Property(e => e.Name).HasMaxLength(200);
        b.Property(e => e.Brand).HasMaxLength(100);
        b.Property(e => e.Model).HasMaxLength(100);
        b.Property(e => e.SerialNumber).HasMaxLength(100);
        b.Property(e => e.Category).HasMaxLength(100);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Condition).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.PurchasePrice).HasPrecision(12, 2);
        b.Property(e => e.Notes).HasMaxLength(4000);
        b.HasOne<Room>().WithMany().HasForeignKey(e => e.RoomId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(e => e.Maintenance).WithOne().HasForeignKey(m => m.EquipmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => e.Name);
    }
}

public sealed class MaintenanceEntryConfiguration : IEntityTypeConfiguration<MaintenanceEntry>
{
    public void Configure(EntityTypeBuilder<MaintenanceEntry> b)
    {
        b.ToTable("equipment_maintenance");
        b.Property(m => m.Description).HasMaxLength(2000);
        b.Property(m => m.PerformedBy).HasMaxLength(200);
        b.Property(m => m.Cost).HasPrecision(12, 2);
        b.Property(m => m.CreatedByName).HasMaxLength(200);
        b.HasIndex(m => new { m.EquipmentId, m.PerformedOn });
    }
}
