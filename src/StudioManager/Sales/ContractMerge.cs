using System.Globalization;
using System.Text.RegularExpressions;
using StudioManager.Clients;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;

namespace StudioManager.Sales;

/// <summary>What a template's merge fields are filled with.</summary>
public sealed record MergeData(ClientDto Client, string? ProjectTitle, string? Title, ContractType Type, decimal? Value, string Currency,
    DateOnly? StartDate, DateOnly? EndDate, StudioSettingsDto Studio, DateOnly Today);

/// <summary>Merge fields in a contract template: <c>{{client.name}}</c> (spaces inside the braces allowed). A field not
/// in <see cref="Fields"/> is refused when the template is saved (400 naming it); an empty value (no project, no end
/// date) merges as an empty text. Pure.</summary>
public static partial class ContractMerge
{
    /// <summary>Longest template body and contract terms, in characters.</summary>
    public const int MaxLength = 100_000;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static readonly IReadOnlyList<string> Fields =
    [
        "client.name", "client.email", "client.company", "client.address",
        "project.title",
        "contract.title", "contract.type", "contract.value", "contract.start_date", "contract.end_date",
        "studio.name", "studio.address", "studio.vat",
        "today",
    ];

    /// <summary>The fields used in the text that do not exist, as written ("client.nmae"), once each.</summary>
    public static List<string> UnknownFields(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value).Where(f => !Fields.Contains(f)).Distinct().ToList();

    /// <summary>Adds a 400 on the field naming every unknown merge field of the text.</summary>
    public static Validation CheckFields(this Validation v, string field, string? text) =>
        text is null || UnknownFields(text) is not { Count: > 0 } unknown ? v
        : v.Add(field, $"Unknown merge field{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(f => $"{{{{{f}}}}}"))}; " +
                       $"the fields are {string.Join(", ", Fields.Select(f => $"{{{{{f}}}}}"))}.");

    public static string Merge(string template, MergeData d)
    {
        var values = new Dictionary<string, string?>
        {
            ["client.name"] = d.Client.Name,
            ["client.email"] = d.Client.Email,
            ["client.company"] = d.Client.CompanyName,
            ["client.address"] = Address(d.Client.AddressLine1, d.Client.AddressLine2, d.Client.PostalCode, d.Client.City, d.Client.Country),
            ["project.title"] = d.ProjectTitle,
            ["contract.title"] = d.Title,
            ["contract.type"] = TypeLabel(d.Type),
            ["contract.value"] = d.Value is { } value ? Money(value, d.Currency) : null,
            ["contract.start_date"] = Date(d.StartDate),
            ["contract.end_date"] = Date(d.EndDate),
            ["studio.name"] = d.Studio.Name,
            ["studio.address"] = Address(d.Studio.AddressLine1, d.Studio.AddressLine2, d.Studio.PostalCode, d.Studio.City, d.Studio.Country),
            ["studio.vat"] = d.Studio.VatNumber,
            ["today"] = Date(d.Today),
        };
        return Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v ?? "" : m.Value);
    }

    /// <summary>"1,500.00 EUR".</summary>
    public static string Money(decimal amount, string currency) => $"{amount.ToString("#,##0.00", Invariant)} {currency}";

    /// <summary>"1 March 2026".</summary>
    public static string? Date(DateOnly? date) => date?.ToString("d MMMM yyyy", Invariant);

    /// <summary>"Session musician".</summary>
    public static string TypeLabel(ContractType type) => type == ContractType.SessionMusician ? "Session musician" : type.ToString();

    /// <summary>"1 Rua Augusta, 1100-048 Lisbon, PT".</summary>
    private static string? Address(string? line1, string? line2, string? postalCode, string? city, string? country) =>
        Join(", ", line1, line2, Join(" ", postalCode, city), country);

    private static string? Join(string separator, params string?[] parts) =>
        parts.Any(p => !string.IsNullOrWhiteSpace(p)) ? string.Join(separator, parts.Where(p => !string.IsNullOrWhiteSpace(p))) : null;

    [GeneratedRegex(@"\{\{\s*([^{}]*?)\s*\}\}")] private static partial Regex Placeholder();
}
