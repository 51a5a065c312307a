using StudioManager.Infrastructure.Hosting;

namespace StudioManager.Sales;

/// <summary>A quote as the API and pages show it. Status is the effective one (expired derived from validUntil);
/// invoiceId and projectId are what it converted into (or the project it was written for).</summary>
public sealed record QuoteDto(
    int Id, string Number, QuoteStatus Status, int ClientId, string ClientName, int? ProjectId, int? InvoiceId, string Currency,
    DateOnly QuoteDate, int ValidityDays, DateOnly? ValidUntil, string? Notes, IReadOnlyList<QuoteItemDto> Items,
    IReadOnlyList<TaxLine> TaxLines, decimal Subtotal, decimal TaxTotal, decimal Total,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? SentAt, DateTime? ClosedAt);

/// <summary>A line: Amount = quantity × unit price rounded to cents; TaxRate a percent.</summary>
public sealed record QuoteItemDto(int Id, string Description, decimal Quantity, decimal UnitPrice, decimal TaxRate, decimal Amount);

/// <summary>Body of POST and PATCH /quotes (drafts only). On PATCH only the fields present change; items, when present,
/// replace all the lines. validityDays (1–365, 30 when absent) counts from the day the quote is sent.</summary>
public sealed class QuoteInput
{
    public Optional<int> ClientId { get; set; }
    public Optional<int?> ProjectId { get; set; }
    public Optional<int?> ValidityDays { get; set; }
    public Optional<string?> Notes { get; set; }
    public Optional<List<QuoteItemInput>?> Items { get; set; }
}

/// <summary>A line to save. taxRate is a percent (20 for 20 %); absent, the studio's default tax rate (0 without one).</summary>
public sealed record QuoteItemInput(string? Description, decimal? Quantity, decimal? UnitPrice, decimal? TaxRate = null);

/// <summary>GET /quotes: status (draft, sent, accepted, rejected, expired, cancelled), clientId, q (number), paging.</summary>
public sealed record QuoteQuery(string? Status = null, int? ClientId = null, string? Q = null, int? Page = null, int? PageSize = null);

public enum QuoteConversion { Invoice, Project }

/// <summary>Body of POST /quotes/{id}/convert: into a draft invoice (the lines copied) or a new project of the client
/// (name: defaults to "Quote Q-YYYY-NNNN"; budget: the quote's subtotal). Each target once.</summary>
public sealed record ConvertQuoteInput(QuoteConversion? To, string? Name = null);

/// <summary>Body of POST /quotes/{id}/send: to defaults to the client's email.</summary>
public sealed record SendQuoteInput(string? To = null);
