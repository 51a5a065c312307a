using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudioManager.Clients;
using StudioManager.Scheduling;

namespace StudioManager.Sales;

/// <summary>Draft → issued → partially_paid → paid; void. Overdue is derived (InvoiceLifecycle.IsOverdue), not stored.</summary>
public enum InvoiceStatus { Draft, Issued, PartiallyPaid, Paid, Void }

public enum PaymentMethod { Cash, BankTransfer, Card, Check, Stripe, Other }

/// <summary>An invoice (tenant table invoices). A draft has no number; issuing gives it the next number of its year
/// and freezes it. The totals are stored (lists, balances and reports read them) and recomputed by InvoiceTotals on
/// every change of the items; AmountPaid follows the payments.</summary>
[EntityTypeConfiguration(typeof(InvoiceConfiguration))]
public class Invoice
{
    public int Id { get; set; }
    /// <summary>"INV-2026-0007"; null while a draft.</summary>
    public string? Number { get; set; }
    public int ClientId { get; set; }
    /// <summary>The project the invoice bills (projects link by id, as sessions do).</summary>
    public int? ProjectId { get; set; }
    public InvoiceStatus Status { get; set; }
    /// <summary>ISO 4217, from the client's billing currency or else the studio's, when the invoice is created.</summary>
    public string Currency { get; set; } = "";
    /// <summary>The studio's calendar day of issue.</summary>
    public DateOnly? IssueDate { get; set; }
    public DateOnly? DueDate { get; set; }
    public string? Notes { get; set; }
    public decimal Subtotal { get; set; }
    public decimal TaxTotal { get; set; }
    public decimal Total { get; set; }
    public decimal AmountPaid { get; set; }
    public int? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? IssuedAt { get; set; }
    public DateTime? VoidedAt { get; set; }
    public List<InvoiceItem> Items { get; set; } = [];
}

/// <summary>A line of an invoice (tenant table invoice_items). Amount is quantity × unit price rounded to cents.</summary>
public class InvoiceItem
{
    public int Id { get; set; }
    public int InvoiceId { get; set; }
    public int Position { get; set; }
    public string Description { get; set; } = "";
    public decimal Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    /// <summary>A percent (20 for 20 %), copied from the tax rate chosen: later changes to the rate leave it.</summary>
    public decimal TaxRate { get; set; }
    public decimal Amount { get; set; }
    public int? SessionId { get; set; }
}

/// <summary>A session billed by an invoice (tenant table invoice_sessions): its key is the session, so the database
/// itself refuses to bill a session twice. Voiding or deleting the invoice frees its sessions.</summary>
public class InvoiceSession
{
    public int SessionId { get; set; }
    public int InvoiceId { get; set; }
}

/// <summary>A payment received for an invoice (tenant table payments).</summary>
public class Payment
{
    public int Id { get; set; }
    public int InvoiceId { get; set; }
    public decimal Amount { get; set; }
    public DateOnly Date { get; set; }
    public PaymentMethod Method { get; set; }
    public string? Reference { get; set; }
    public int? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A named tax rate of the studio (tenant table tax_rates); one may be the default of new lines.</summary>
public class TaxRate
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>A percent: 20 for 20 %.</summary>
    public decimal Rate { get; set; }
    public bool IsDefault { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>The studio's invoicing settings (tenant table sales_settings, one row, id 1).</summary>
public class SalesSettings
{
    public const string DefaultPrefix = "INV";
    public int Id { get; set; }
    public string InvoicePrefix { get; set; } = DefaultPrefix;
    /// <summary>Days from issue to the due date when an invoice has no due date of its own.</summary>
    public int PaymentTermsDays { get; set; } = 30;
}

public sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> b)
    {
        b.ToTable("invoices");
        b.Property(i => i.Number).HasMaxLength(40);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.Currency).HasMaxLength(3);
        b.Property(i => i.Notes).HasMaxLength(4000);
        foreach (var money in new[] { nameof(Invoice.Subtotal), nameof(Invoice.TaxTotal), nameof(Invoice.Total), nameof(Invoice.AmountPaid) })
            b.Property(money).HasPrecision(14, 2);
        // The last guard of "no duplicates": two invoices never carry one number.
        b.HasIndex(i => i.Number).IsUnique();
        b.HasIndex(i => new { i.ClientId, i.Status });
        b.HasIndex(i => new { i.Status, i.DueDate });
        // The list's order (newest first), and the receivables report: open invoices only, every column it sums in the
        // index (an index-only scan on PostgreSQL).
        b.HasIndex(i => new { i.CreatedAt, i.Id });
        b.HasIndex(i => new { i.ClientId, i.Currency, i.DueDate, i.Total, i.AmountPaid }).HasDatabaseName("ix_invoices_open")
            .HasFilter("status IN ('Issued', 'PartiallyPaid')");
        // A client with invoices is archived, not deleted.
        b.HasOne<Client>().WithMany().HasForeignKey(i => i.ClientId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(i => i.Items).WithOne().HasForeignKey(x => x.InvoiceId).OnDelete(DeleteBehavior.Cascade);
    }
}
