using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Platform;

public enum TenantDatabaseStatus { Provisioning, Ready, Migrating, Failed, Deleted }

/// <summary>Where a studio's database lives (table tenant_databases).</summary>
[EntityTypeConfiguration(typeof(TenantDatabaseConfiguration))]
public class TenantDatabase
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public DatabaseProvider Provider { get; set; }
    /// <summary>PostgreSQL host (and port) or "local" for SQLite files.</summary>
    public string Server { get; set; } = "";
    /// <summary>PostgreSQL database name, or the SQLite file name under data/tenants.</summary>
    public string DatabaseName { get; set; } = "";
    public TenantDatabaseStatus Status { get; set; }
    /// <summary>Id of the last applied tenant migration.</summary>
    public string? SchemaVersion { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class TenantDatabaseConfiguration : IEntityTypeConfiguration<TenantDatabase>
{
    public void Configure(EntityTypeBuilder<TenantDatabase> b)
    {
        b.ToTable("tenant_databases");
        b.Property(t => t.Provider).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Server).HasMaxLength(255);
        b.Property(t => t.DatabaseName).HasMaxLength(255);
        b.Property(t => t.SchemaVersion).HasMaxLength(150);
        b.HasIndex(t => t.OrganizationId).IsUnique();
        b.HasIndex(t => t.DatabaseName).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
