using StudioManager.Infrastructure.Errors;

namespace StudioManager.Sales;

/// <summary>The rules of a document line (invoice or quote), in one place.</summary>
public static class SalesLines
{
    public const int MaxLines = 500;

    /// <summary>Checks one line's description, quantity, unit price and tax rate (a percent; null takes the default),
    /// naming the fields "{field}.description" and so on.</summary>
    public static Validation CheckLine(this Validation v, string field, string? description, decimal? quantity, decimal? unitPrice, decimal? taxRate) =>
        v.Check(!string.IsNullOrWhiteSpace(description), $"{field}.description", "A description is required.")
         .MaxLength($"{field}.description", description?.Trim(), 500)
         .Check(quantity is not null and not 0 and >= -1_000_000 and <= 1_000_000 && quantity == Math.Round(quantity.Value, 3),
             $"{field}.quantity", "The quantity is not 0, between -1,000,000 and 1,000,000, with at most 3 decimals.")
         .Check(unitPrice is >= -1_000_000_000 and <= 1_000_000_000 && unitPrice == Math.Round(unitPrice.Value, 4),
             $"{field}.unitPrice", "The unit price is between -1,000,000,000 and 1,000,000,000, with at most 4 decimals.")
         .Check(taxRate is null || (taxRate is >= 0 and <= 100 && taxRate == Math.Round(taxRate.Value, 2)),
             $"{field}.taxRate", "The tax rate is a percent between 0 and 100, with at most 2 decimals.");
}
