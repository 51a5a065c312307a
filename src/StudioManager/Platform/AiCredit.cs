using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StudioManager.Platform;

/// <summary>A studio's AI credit balance for the current period (table ai_credits), one row per studio.</summary>
[EntityTypeConfiguration(typeof(AiCreditConfiguration))]
public class AiCredit
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public int CreditsRemaining { get; set; }
    public int CreditsUsedThisPeriod { get; set; }
    public DateTime PeriodStart { get; set; }
    public DateTime PeriodEnd { get; set; }
    /// <summary>Ledger of consumptions and grants, newest last.</summary>
    public List<AiCreditLedgerEntry> Ledger { get; set; } = [];
    public DateTime UpdatedAt { get; set; }
}

public class AiCreditLedgerEntry
{
    public DateTime At { get; set; }
    /// <summary>Positive for a grant, negative for a consumption.</summary>
    public int Amount { get; set; }
    public string Reason { get; set; } = "";
    public int? UserId { get; set; }
}

public sealed class AiCreditConfiguration : IEntityTypeConfiguration<AiCredit>
{
    public void Configure(EntityTypeBuilder<AiCredit> b)
    {
        b.ToTable("ai_credits");
        b.HasIndex(c => c.OrganizationId).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        // The ledger is a JSON column: it is read and written with its balance, never queried alone.
        b.OwnsMany(c => c.Ledger, l => l.ToJson());
    }
}
