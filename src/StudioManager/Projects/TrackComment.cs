using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StudioManager.Projects;

public enum CommentStatus { Open, Resolved }

/// <summary>A comment on one version of a track, pinned at a position in its audio; replies point to their thread's
/// first comment (tenant table track_comments).</summary>
[EntityTypeConfiguration(typeof(TrackCommentConfiguration))]
public class TrackComment
{
    public int Id { get; set; }
    public int TrackId { get; set; }
    public VersionKind VersionKind { get; set; }
    /// <summary>The slot's revision the comment was written on.</summary>
    public int Revision { get; set; }
    public int? ParentId { get; set; }
    /// <summary>Milliseconds from the start of the audio.</summary>
    public long PositionMs { get; set; }
    public string Content { get; set; } = "";
    public CommentStatus Status { get; set; } = CommentStatus.Open;
    public int? AuthorId { get; set; }
    public string? AuthorName { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? EditedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
}

public sealed class TrackCommentConfiguration : IEntityTypeConfiguration<TrackComment>
{
    public void Configure(EntityTypeBuilder<TrackComment> b)
    {
        b.ToTable("track_comments");
        b.Property(c => c.VersionKind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.AuthorName).HasMaxLength(200);
        b.HasOne<Track>().WithMany().HasForeignKey(c => c.TrackId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<TrackComment>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.TrackId, c.VersionKind, c.PositionMs });
    }
}
