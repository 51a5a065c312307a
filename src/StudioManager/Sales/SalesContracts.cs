using StudioManager.Infrastructure.Hosting;

namespace StudioManager.Sales;

/// <summary>An invoice as the API and pages show it. Status is the stored state; Overdue is derived (issued or
/// partially paid, due date passed). TaxLines are the totals per tax rate. QuoteId and QuoteNumber name the quote it was
/// converted from, if any.</summary>
public sealed record InvoiceDto(
    int Id, string? Number, InvoiceStatus Status, bool Overdue, int ClientId, string ClientName, int? ProjectId, string Currency,
    DateOnly? IssueDate, DateOnly? DueDate, string? Notes, IReadOnlyList<InvoiceItemDto> Items, IReadOnlyList<TaxLine> TaxLines,
    decimal Subtotal, decimal TaxTotal, decimal Total, decimal AmountPaid, decimal BalanceDue,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? IssuedAt, DateTime? VoidedAt, int? QuoteId, string? QuoteNumber);

/// <summary>A line: Amount = quantity × unit price rounded to cents; TaxRate a percent.</summary>
public sealed record InvoiceItemDto(int Id, string Description, decimal Quantity, decimal UnitPrice, decimal TaxRate, decimal Amount, int? SessionId);

/// <summary>Body of POST and PATCH /invoices (drafts only). On PATCH only the fields present change; items, when
/// present, replace all the lines.</summary>
public sealed class InvoiceInput
{
    public Optional<int> ClientId { get; set; }
    public Optional<int?> ProjectId { get; set; }
    /// <summary>Absent or null: the client's payment terms (else the studio's) from the day of issue.</summary>
    public Optional<DateOnly?> DueDate { get; set; }
    public Optional<string?> Notes { get; set; }
    public Optional<List<InvoiceItemInput>?> Items { get; set; }
}

/// <summary>A line to save. taxRate is a percent (20 for 20 %); absent, the studio's default tax rate (0 without one).
/// sessionId bills that completed session of the invoice's client (once: a session is never on two invoices).</summary>
public sealed record InvoiceItemInput(string? Description, decimal? Quantity, decimal? UnitPrice, decimal? TaxRate = null, int? SessionId = null);

/// <summary>Body of POST /invoices/from-sessions: a draft with one line per session (date, room, hours, rate).</summary>
public sealed record InvoiceFromSessionsInput(int? ClientId, List<int>? SessionIds, DateOnly? DueDate = null);

/// <summary>GET /invoices: status (draft, issued, partially_paid, paid, void, or overdue), clientId, q (number), paging.</summary>
public sealed record InvoiceQuery(string? Status = null, int? ClientId = null, string? Q = null, int? Page = null, int? PageSize = null);

/// <summary>A completed session not yet on an invoice: what the invoice-from-sessions form offers.</summary>
public sealed record InvoiceableSessionDto(int Id, string Title, DateTime StartsAt, DateTime EndsAt, string RoomName, decimal Hours, decimal? Price);

public sealed record PaymentDto(int Id, int InvoiceId, decimal Amount, DateOnly Date, PaymentMethod Method, string? Reference, DateTime CreatedAt);

/// <summary>Body of POST /invoices/{id}/payments. date defaults to today (studio time).</summary>
public sealed record PaymentInput(decimal? Amount, DateOnly? Date, PaymentMethod? Method, string? Reference = null);

/// <summary>What a client owes, per currency: the balance of their issued invoices and the part of it overdue.</summary>
public sealed record ClientBalanceDto(int ClientId, IReadOnlyList<CurrencyBalance> Balances);

public sealed record CurrencyBalance(string Currency, decimal BalanceDue, decimal Overdue, int OpenInvoices);

/// <summary>Body of POST /invoices/{id}/send: to defaults to the client's email.</summary>
public sealed record SendInvoiceInput(string? To = null);

public sealed record TaxRateDto(int Id, string Name, decimal Rate, bool IsDefault);

/// <summary>Body of POST and PATCH /tax-rates. rate is a percent (20 for 20 %); isDefault makes it the default of new
/// lines (and no other).</summary>
public sealed class TaxRateInput
{
    public Optional<string?> Name { get; set; }
    public Optional<decimal?> Rate { get; set; }
    public Optional<bool> IsDefault { get; set; }
}

public sealed record InvoiceSettingsDto(string InvoicePrefix, int PaymentTermsDays);

/// <summary>Body of PATCH /invoice-settings: the numbers' prefix (letters, digits, dashes) and the default payment terms.</summary>
public sealed class InvoiceSettingsInput
{
    public Optional<string?> InvoicePrefix { get; set; }
    public Optional<int?> PaymentTermsDays { get; set; }
}
