using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StudioManager.Projects;

/// <summary>A public link to a track version or a project (tenant table share_links). The token is shown once and
/// stored hashed; so is the optional password.</summary>
[EntityTypeConfiguration(typeof(ShareLinkConfiguration))]
public class ShareLink
{
    public int Id { get; set; }
    public string TokenHash { get; set; } = "";
    public int? TrackId { get; set; }
    public int? ProjectId { get; set; }
    /// <summary>With a track: the slot shared (its latest revision at each view); null: the track's most finished slot.</summary>
    public VersionKind? VersionKind { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public string? PasswordHash { get; set; }
    public int? MaxViews { get; set; }
    public int Views { get; set; }
    public bool AllowDownload { get; set; }
    public DateTime CreatedAt { get; set; }
    public int? CreatedBy { get; set; }
    public string? CreatedByName { get; set; }
    public DateTime? RevokedAt { get; set; }
}

public sealed class ShareLinkConfiguration : IEntityTypeConfiguration<ShareLink>
{
    public void Configure(EntityTypeBuilder<ShareLink> b)
    {
        b.ToTable("share_links");
        b.Property(s => s.TokenHash).HasMaxLength(64);
        b.Property(s => s.VersionKind).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.PasswordHash).HasMaxLength(200);
        b.Property(s => s.CreatedByName).HasMaxLength(200);
        b.HasIndex(s => s.TokenHash).IsUnique();
        b.HasOne<Track>().WithMany().HasForeignKey(s => s.TrackId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
