using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudioManager.Clients;

namespace StudioManager.Projects;

public enum ProjectType { Album, Ep, Single, Demo, Soundtrack, Podcast, Other }

public enum ProjectStatus { PreProduction, Recording, Editing, Mixing, Mastering, Delivered, Archived }

/// <summary>A music project for a client: an album, an EP, a single… (tenant table projects).</summary>
[EntityTypeConfiguration(typeof(ProjectConfiguration))]
public class Project
{
    public int Id { get; set; }
    public int ClientId { get; set; }
    public string Name { get; set; } = "";
    public ProjectType Type { get; set; } = ProjectType.Album;
    public ProjectStatus Status { get; set; } = ProjectStatus.PreProduction;
    public DateOnly? StartDate { get; set; }
    public DateOnly? TargetDate { get; set; }
    public DateOnly? DeliveredDate { get; set; }
    public decimal? Budget { get; set; }
    /// <summary>Mix revisions included in the price.</summary>
    public int? IncludedRevisions { get; set; }
    public string? Label { get; set; }
    public string? CatalogNumber { get; set; }
    public string? Notes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<Track> Tracks { get; set; } = [];
}

public sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        b.ToTable("projects");
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Budget).HasPrecision(12, 2);
        b.Property(p => p.Label).HasMaxLength(200);
        b.Property(p => p.CatalogNumber).HasMaxLength(50);
        // A client with projects is archived, not deleted (PRODUCT.md §2). NO ACTION, not RESTRICT: SQLite raises RESTRICT
        // as a trigger error, which SaveConflicts would not read as the 409 it is.
        b.HasOne<Client>().WithMany().HasForeignKey(p => p.ClientId).OnDelete(DeleteBehavior.NoAction);
        b.HasMany(p => p.Tracks).WithOne().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.Name);
    }
}
