using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StudioManager.Projects;

/// <summary>The studio's catalogue of musicians and talents (tenant table musicians).</summary>
[EntityTypeConfiguration(typeof(MusicianConfiguration))]
public class Musician
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? StageName { get; set; }
    public List<string> Instruments { get; set; } = [];
    public List<string> Genres { get; set; } = [];
    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>What the musician charges, in the studio's currency (money: shown to those who see money only).</summary>
    public decimal? Rate { get; set; }
    public string? Notes { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum CreditRole
{
    Performer, Producer, Engineer, MixingEngineer, MasteringEngineer, Composer, Lyricist, Arranger, FeaturedArtist, Other,
}

/// <summary>Who did what on a track: a musician of the catalogue or a free-text name (tenant table track_credits).</summary>
[EntityTypeConfiguration(typeof(TrackCreditConfiguration))]
public class TrackCredit
{
    public int Id { get; set; }
    public int TrackId { get; set; }
    public int? MusicianId { get; set; }
    /// <summary>The free-text name, or the musician's name when the credit was given.</summary>
    public string Name { get; set; } = "";
    public CreditRole Role { get; set; }
    public bool IsPrimary { get; set; }
    public decimal? SplitPercent { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class MusicianConfiguration : IEntityTypeConfiguration<Musician>
{
    public void Configure(EntityTypeBuilder<Musician> b)
    {
        b.ToTable("musicians");
        b.Property(m => m.Name).HasMaxLength(200);
        b.Property(m => m.StageName).HasMaxLength(200);
        b.Property(m => m.Email).HasMaxLength(256);
        b.Property(m => m.Phone).HasMaxLength(50);
        b.Property(m => m.Rate).HasPrecision(12, 2);
        b.HasIndex(m => m.Name);
    }
}

public sealed class TrackCreditConfiguration : IEntityTypeConfiguration<TrackCredit>
{
    public void Configure(EntityTypeBuilder<TrackCredit> b)
    {
        b.ToTable("track_credits");
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Role).HasConversion<string>().HasMaxLength(30);
        b.Property(c => c.SplitPercent).HasPrecision(5, 2);
        b.HasOne<Track>().WithMany().HasForeignKey(c => c.TrackId).OnDelete(DeleteBehavior.Cascade);
        // A musician credited on a track stays in the catalogue (archive with IsActive instead).
        b.HasOne<Musician>().WithMany().HasForeignKey(c => c.MusicianId).OnDelete(DeleteBehavior.NoAction);
    }
}
