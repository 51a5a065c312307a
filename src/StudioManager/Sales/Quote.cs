namespace StudioManager.Sales;

/// <summary>Draft → sent → accepted / rejected / expired; cancelled. Expired is derived (QuoteLifecycle.Effective): a
/// sent quote past its valid-until day. It is never stored, so nothing has to mark it.</summary>
public enum QuoteStatus { Draft, Sent, Accepted, Rejected, Expired, Cancelled }

/// <summary>A quote (tenant table quotes). It gets its number Q-YYYY-NNNN when created, so a draft is never deleted
/// (that would leave a gap): it is cancelled. Totals are stored and recomputed by InvoiceTotals when the lines change.
/// An accepted quote converts once into an invoice (InvoiceId) and once into a project (ProjectId, when it had none).</summary>
public class Quote
{
    public int Id { get; set; }
    public string Number { get; set; } = "";
    public int ClientId { get; set; }
    public int? ProjectId { get; set; }
    /// <summary>The stored state: never Expired.</summary>
    public QuoteStatus Status { get; set; }
    public string Currency { get; set; } = "";
    /// <summary>Days the quote holds once sent.</summary>
    public int ValidityDays { get; set; }
    /// <summary>The studio's calendar day the quote was created (its number's year).</summary>
    public DateOnly QuoteDate { get; set; }
    /// <summary>The last day it may be accepted: the day it was sent plus ValidityDays; null until sent.</summary>
    public DateOnly? ValidUntil { get; set; }
    public string? Notes { get; set; }
    public decimal Subtotal { get; set; }
    public decimal TaxTotal { get; set; }
    public decimal Total { get; set; }
    /// <summary>The draft invoice it converted into (null again if that draft is deleted).</summary>
    public int? InvoiceId { get; set; }
    public int? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>When it was accepted, rejected or cancelled.</summary>
    public DateTime? ClosedAt { get; set; }
    public List<QuoteItem> Items { get; set; } = [];
}

/// <summary>A line of a quote (tenant table quote_items). Amount is quantity × unit price rounded to cents.</summary>
public class QuoteItem
{
    public int Id { get; set; }
    public int QuoteId { get; set; }
    public int Position { get; set; }
    public string Description { get; set; } = "";
    public decimal Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    /// <summary>A percent (20 for 20 %).</summary>
    public decimal TaxRate { get; set; }
    public decimal Amount { get; set; }
}
