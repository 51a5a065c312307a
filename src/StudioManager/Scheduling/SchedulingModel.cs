using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Scheduling;

/// <summary>The scheduling tables in the studio database: rooms, equipment and its maintenance log, sessions with
/// their engineers, reserved equipment and series.</summary>
public sealed class SchedulingModel : ITenantModel
{
    /// <summary>PostgreSQL's guarantee that a room is never booked twice (see the migration that creates it).</summary>
    public const string RoomOverlapConstraint = "ex_sessions_room_overlap";

    public void Build(ModelBuilder model, DatabaseProvider provider)
    {
        model.Entity<Room>();
        model.Entity<Equipment>();
        model.Entity<MaintenanceEntry>();
        model.Entity<Session>();
        model.Entity<SessionSeries>();
        model.Entity<SessionEngineer>(b =>
        {
            b.ToTable("session_engineers");
            b.HasKey(e => new { e.SessionId, e.UserId });
            b.HasIndex(e => e.UserId);
        });
        model.Entity<SessionEquipment>(b =>
        {
            b.ToTable("session_equipment");
            b.HasKey(e => new { e.SessionId, e.EquipmentId });
            b.HasOne<Equipment>().WithMany().HasForeignKey(e => e.EquipmentId).OnDelete(DeleteBehavior.Restrict);
        });
        // The exclusion constraint (room_id WITH =, tstzrange WITH &&) needs btree_gist for the integer equality;
        // EF does not model exclusion constraints, so the migration adds it by SQL.
        if (provider == DatabaseProvider.Postgres) model.HasPostgresExtension("btree_gist");
    }
}

public static class SchedulingTables
{
    extension(TenantDbContext db)
    {
        public DbSet<Room> Rooms => db.Set<Room>();
        public DbSet<Equipment> Equipment => db.Set<Equipment>();
        public DbSet<MaintenanceEntry> EquipmentMaintenance => db.Set<MaintenanceEntry>();
        public DbSet<Session> Sessions => db.Set<Session>();
        public DbSet<SessionSeries> SessionSeries => db.Set<SessionSeries>();
    }
}
