using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudioManager.Identity;

namespace StudioManager.Platform;

/// <summary>A user's membership of a studio with one role (table organization_members).</summary>
[EntityTypeConfiguration(typeof(OrganizationMemberConfiguration))]
public class OrganizationMember
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public Organization Organization { get; set; } = null!;
    public int UserId { get; set; }
    public User User { get; set; } = null!;
    public StudioRole Role { get; set; }
    public DateTime JoinedAt { get; set; }
}

public sealed class OrganizationMemberConfiguration : IEntityTypeConfiguration<OrganizationMember>
{
    public void Configure(EntityTypeBuilder<OrganizationMember> b)
    {
        b.ToTable("organization_members");
        b.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(m => new { m.OrganizationId, m.UserId }).IsUnique();
        b.HasIndex(m => m.UserId);
        b.HasOne(m => m.Organization).WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
