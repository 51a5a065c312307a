using StudioManager.Infrastructure.Hosting;

namespace StudioManager.Sales;

/// <summary>An expense as the API and pages show it: Amount net of tax, Tax, Total their sum. Receipt is null when
/// none is attached.</summary>
public sealed record ExpenseDto(
    int Id, ExpenseCategory Category, string Vendor, decimal Amount, decimal Tax, decimal Total, string Currency, DateOnly Date,
    ExpenseStatus Status, string? Notes, int? ProjectId, int? EquipmentId, ReceiptDto? Receipt, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record ReceiptDto(string FileName, string ContentType, long SizeBytes);

/// <summary>Body of POST and PATCH /expenses. On PATCH only the fields present change (null or blank clears an
/// optional one). amount and tax are to the cent, tax 0 when absent; currency defaults to the studio's, date to
/// today (studio time), status to pending.</summary>
public sealed class ExpenseInput
{
    public Optional<ExpenseCategory?> Category { get; set; }
    public Optional<string?> Vendor { get; set; }
    public Optional<decimal?> Amount { get; set; }
    public Optional<decimal?> Tax { get; set; }
    public Optional<string?> Currency { get; set; }
    public Optional<DateOnly?> Date { get; set; }
    public Optional<ExpenseStatus?> Status { get; set; }
    public Optional<string?> Notes { get; set; }
    public Optional<int?> ProjectId { get; set; }
    public Optional<int?> EquipmentId { get; set; }
}

/// <summary>GET /expenses: category, status, dates from/to (inclusive), vendor text, paging.</summary>
public sealed record ExpenseQuery(string? Category = null, string? Status = null, DateOnly? From = null, DateOnly? To = null, string? Q = null,
    int? Page = null, int? PageSize = null);

/// <summary>A stored receipt opened for download.</summary>
public sealed record ReceiptFile(Stream Content, string ContentType, string FileName);
