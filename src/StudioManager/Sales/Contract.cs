using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudioManager.Clients;

namespace StudioManager.Sales;

public enum ContractType { Recording, Mixing, Mastering, Production, SessionMusician, Licensing, Other }

/// <summary>Draft → sent → signed → active → completed / terminated / expired; cancelled (ContractLifecycle).</summary>
public enum ContractStatus { Draft, Sent, Signed, Active, Completed, Terminated, Expired, Cancelled }

/// <summary>A contract with a client (tenant table contracts). Its number is given at creation (C-YYYY-NNNN, no gaps:
/// a contract is cancelled, never deleted). Terms are the exact text the client signs: merged from a template when the
/// contract is made, then stored as they are. Only drafts change; signing records who, when, from where and the
/// SHA-256 of the terms, and from then on nothing of the contract's text changes.</summary>
[EntityTypeConfiguration(typeof(ContractConfiguration))]
public class Contract
{
    public int Id { get; set; }
    public string Number { get; set; } = "";
    public int ClientId { get; set; }
    /// <summary>The project the contract covers (projects link by id, as invoices do).</summary>
    public int? ProjectId { get; set; }
    public ContractType Type { get; set; }
    public string Title { get; set; } = "";
    public string Terms { get; set; } = "";
    public decimal Value { get; set; }
    /// <summary>ISO 4217, from the client's billing currency or else the studio's, as invoices.</summary>
    public string Currency { get; set; } = "";
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public ContractStatus Status { get; set; }
    public int? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public string? SignerName { get; set; }
    /// <summary>UTC, to the microsecond.</summary>
    public DateTime? SignedAt { get; set; }
    public string? SignerIp { get; set; }
    /// <summary>SHA-256 of the terms' UTF-8 bytes as signed, lower-case hex.</summary>
    public string? SignedTextSha256 { get; set; }
    /// <summary>When it became completed, terminated, expired or cancelled.</summary>
    public DateTime? EndedAt { get; set; }
    public string? TerminationReason { get; set; }
}

/// <summary>A studio's contract text with merge fields ({{client.name}}…; ContractTemplates), tenant table
/// contract_templates.</summary>
public class ContractTemplate
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The type a contract made from it starts with.</summary>
    public ContractType Type { get; set; }
    public string Body { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> b)
    {
        b.ToTable("contracts");
        b.Property(c => c.Number).HasMaxLength(40);
        b.Property(c => c.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Title).HasMaxLength(200);
        b.Property(c => c.Terms).HasMaxLength(ContractMerge.MaxLength);
        b.Property(c => c.Value).HasPrecision(14, 2);
        b.Property(c => c.Currency).HasMaxLength(3);
        b.Property(c => c.SignerName).HasMaxLength(200);
        b.Property(c => c.SignerIp).HasMaxLength(45);
        b.Property(c => c.SignedTextSha256).HasMaxLength(64);
        b.Property(c => c.TerminationReason).HasMaxLength(1000);
        b.HasIndex(c => c.Number).IsUnique();
        b.HasIndex(c => new { c.ClientId, c.Status });
        b.HasIndex(c => c.Status);
        // A client with contracts is archived, not deleted.
        b.HasOne<Client>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Restrict);
    }
}
