using System.Globalization;
using System.Text;
using StudioManager.Infrastructure.Errors;

namespace StudioManager.Platform;

/// <summary>Rules shared by registration, studio creation and the settings form.</summary>
public static class StudioSettingsRules
{
    private static readonly Lazy<HashSet<string>> Currencies = new(() =>
        CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Select(c => { try { return new RegionInfo(c.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
            .Where(c => c is { Length: 3 })
            .Select(c => c!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase));

    public static bool IsTimeZone(string? id) => !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    public static bool IsCurrency(string? code) => code is { Length: 3 } && Currencies.Value.Contains(code);

    public static void CheckName(Validation v, string field, string? name) =>
        v.Check(!string.IsNullOrWhiteSpace(name), field, "A studio name is required.")
         .Check(name is null || name.Trim().Length <= 200, field, "A studio name has at most 200 characters.");

    public static void CheckTimeZone(Validation v, string field, string? tz) =>
        v.Check(tz is null || IsTimeZone(tz), field, $"'{tz}' is not an IANA time zone (e.g. Europe/Paris).");

    public static void CheckCurrency(Validation v, string field, string? currency) =>
        v.Check(currency is null || IsCurrency(currency), field, $"'{currency}' is not an ISO 4217 currency code (e.g. EUR).");

    /// <summary>"Blue Room Studio!" → "blue-room-studio": lower-case ASCII letters, digits and single hyphens.</summary>
    public static string Slugify(string name)
    {
        var normalized = name.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var ch in normalized)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            var c = char.ToLowerInvariant(ch);
            // Latin letters without a decomposition: "Søren" → "soren", not "s-ren".
            var latin = c switch { 'ø' => "o", 'æ' => "ae", 'œ' => "oe", 'ß' => "ss", 'ł' => "l", 'đ' or 'ð' => "d", 'þ' => "th", 'ı' => "i", _ => null };
            if (latin is not null) sb.Append(latin);
            else if (c is >= 'a' and <= 'z' or >= '0' and <= '9') sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        if (slug.Length > 50) slug = slug[..50].Trim('-');
        return slug.Length == 0 ? "studio" : slug;
    }
}
