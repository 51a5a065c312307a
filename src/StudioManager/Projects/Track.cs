using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudioManager.Infrastructure.Audio;

namespace StudioManager.Projects;

public enum TrackStatus { Recording, Editing, Mixing, Mastering, Completed }

/// <summary>The four version slots of a track (the seed's demoUrl, roughMixUrl, finalMixUrl, masterUrl).</summary>
public enum VersionKind { Demo, RoughMix, FinalMix, Master }

/// <summary>A track of a project (tenant table tracks). Its audio is in audio_revisions: per slot, revision 1, 2, …</summary>
[EntityTypeConfiguration(typeof(TrackConfiguration))]
public class Track
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public TrackStatus Status { get; set; } = TrackStatus.Recording;
    /// <summary>The intended length in seconds (the audio's own length is on each revision).</summary>
    public int? DurationSeconds { get; set; }
    public decimal? Bpm { get; set; }
    public string? Key { get; set; }
    public string? Isrc { get; set; }
    public string? Lyrics { get; set; }
    public string? Composers { get; set; }
    public string? Lyricists { get; set; }
    public string? Copyright { get; set; }
    public string? Notes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One upload into a slot of a track (tenant table audio_revisions): revision N of that slot, its file in
/// storage, what was read from it and its waveform, computed once at upload.</summary>
[EntityTypeConfiguration(typeof(AudioRevisionConfiguration))]
public class AudioRevision
{
    public int Id { get; set; }
    public int TrackId { get; set; }
    public VersionKind Kind { get; set; }
    public int Revision { get; set; }
    /// <summary>Built from ids only (studios/{studio}/audio/{track}/{kind}/{revision}-{random}.{ext}).</summary>
    public string StorageKey { get; set; } = "";
    /// <summary>The compressed preview of a lossless original (MP3 beside it, "…-preview.mp3"), made after the upload;
    /// null until made, or when none is (compressed original, no ffmpeg): the original is played then.</summary>
    public string? PreviewKey { get; set; }
    /// <summary>The uploader's file name, cleaned: shown and offered on download, never used as a path.</summary>
    public string FileName { get; set; } = "";
    public AudioFormat Format { get; set; }
    public string ContentType { get; set; } = "";
    public long SizeBytes { get; set; }
    public string Sha256 { get; set; } = "";
    public long? DurationMs { get; set; }
    public int? SampleRate { get; set; }
    public int? Channels { get; set; }
    public int? BitsPerSample { get; set; }
    public float[] Peaks { get; set; } = [];
    public DateTime UploadedAt { get; set; }
    public int? UploadedBy { get; set; }
    public string? UploadedByName { get; set; }
}

public sealed class TrackConfiguration : IEntityTypeConfiguration<Track>
{
    public void Configure(EntityTypeBuilder<Track> b)
    {
        b.ToTable("tracks");
        b.Property(t => t.Title).HasMaxLength(200);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Bpm).HasPrecision(6, 2);
        b.Property(t => t.Key).HasMaxLength(20);
        b.Property(t => t.Isrc).HasMaxLength(12);
        b.Property(t => t.Composers).HasMaxLength(500);
        b.Property(t => t.Lyricists).HasMaxLength(500);
        b.Property(t => t.Copyright).HasMaxLength(500);
        b.HasIndex(t => new { t.ProjectId, t.Number }).IsUnique();
        b.HasMany<AudioRevision>().WithOne().HasForeignKey(r => r.TrackId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AudioRevisionConfiguration : IEntityTypeConfiguration<AudioRevision>
{
    public void Configure(EntityTypeBuilder<AudioRevision> b)
    {
        b.ToTable("audio_revisions");
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Format).HasConversion<string>().HasMaxLength(10);
        b.Property(r => r.StorageKey).HasMaxLength(300);
        b.Property(r => r.PreviewKey).HasMaxLength(300);
        b.Property(r => r.FileName).HasMaxLength(255);
        b.Property(r => r.ContentType).HasMaxLength(50);
        b.Property(r => r.Sha256).HasMaxLength(64);
        b.Property(r => r.UploadedByName).HasMaxLength(200);
        // Two uploads into one slot at once: one is revision N+1, the other loses at this index (409).
        b.HasIndex(r => new { r.TrackId, r.Kind, r.Revision }).IsUnique();
    }
}
