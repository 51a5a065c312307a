using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudioManager.Identity;

namespace StudioManager.Platform;

public enum InvitationStatus { Pending, Accepted, Revoked, Expired }

/// <summary>An invitation to join a studio. Only the SHA-256 of the token is stored.</summary>
[EntityTypeConfiguration(typeof(InvitationConfiguration))]
public class Invitation
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public string Email { get; set; } = "";
    public StudioRole Role { get; set; }
    public string TokenHash { get; set; } = "";
    public int InvitedByUserId { get; set; }
    public InvitationStatus Status { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public int? AcceptedByUserId { get; set; }
}

public sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.ToTable("invitations");
        b.Property(i => i.Email).HasMaxLength(256);
        b.Property(i => i.Role).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.TokenHash).HasMaxLength(64);
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.HasIndex(i => new { i.OrganizationId, i.Status });
        b.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(i => i.InvitedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
