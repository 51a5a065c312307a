using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Platform;

public sealed record StudioSettingsDto(int Id, string Slug, string Name, string TimeZone, string Currency, string Locale,
    string? AddressLine1, string? AddressLine2, string? City, string? PostalCode, string? Country,
    string? Email, string? Phone, string? VatNumber, string? BankName, string? BankIban, string? BankBic,
    string? LogoUrl, string Plan, string SubscriptionStatus, DateTime? TrialEndsAt, decimal? DefaultDepositPercent,
    int? SessionReminderHours);

/// <summary>PATCH body, as every PATCH in the API: a field absent from the JSON is left as is; present, it is set, and
/// null (or blank) clears an optional field.</summary>
public sealed class StudioSettingsPatch
{
    public Optional<string?> Name { get; set; }
    public Optional<string?> TimeZone { get; set; }
    public Optional<string?> Currency { get; set; }
    public Optional<string?> Locale { get; set; }
    public Optional<string?> AddressLine1 { get; set; }
    public Optional<string?> AddressLine2 { get; set; }
    public Optional<string?> City { get; set; }
    public Optional<string?> PostalCode { get; set; }
    public Optional<string?> Country { get; set; }
    public Optional<string?> Email { get; set; }
    public Optional<string?> Phone { get; set; }
    public Optional<string?> VatNumber { get; set; }
    public Optional<string?> BankName { get; set; }
    public Optional<string?> BankIban { get; set; }
    public Optional<string?> BankBic { get; set; }
    public Optional<decimal?> DefaultDepositPercent { get; set; }
    /// <summary>Hours before a session its client is emailed a reminder (1–168); null turns reminders off.</summary>
    public Optional<int?> SessionReminderHours { get; set; }
}

public sealed record StudioLogo(string Path, string ContentType);

/// <summary>A studio's settings and logo, for the current studio (CurrentTenant). Changes need ManageSettings.</summary>
public sealed partial class StudioSettings(MasterDbContext master, CurrentTenant tenant, StudioDirectory directory,
    IOptions<DatabaseOptions> data, TimeProvider clock, ILogger<StudioSettings> logger, PlanLimits limits, ClientService clients)
{
    public const long MaxLogoBytes = 2 * 1024 * 1024;
    public const int DefaultReminderHours = 24;

    [RequiresPermission(Permission.ViewSettings)]
    public async Task<StudioSettingsDto> GetAsync(CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return ToDto(await LoadAsync(ct));
    }

    /// <summary>The studio's plan, and its members and clients against the plan's limits.</summary>
    [RequiresPermission(Permission.ViewSettings)]
    public async Task<PlanUsage> UsageAsync(CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return await limits.UsageAsync(tenant.Studio.OrganizationId, await clients.CountAsync(ct), ct);
    }

    [RequiresPermission(Permission.ManageSettings)]
    public async Task<StudioSettingsDto> UpdateAsync(StudioSettingsPatch p, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        // Blank is cleared: the values as they will be stored.
        string? Value(Optional<string?> field) => string.IsNullOrWhiteSpace(field.Value) ? null : field.Value.Trim();
        string? Compacted(Optional<string?> field) => Value(field) is { } text ? Compact(text) : null;
        var v = new Validation();
        if (p.Name.HasValue) StudioSettingsRules.CheckName(v, "name", Value(p.Name));
        if (p.TimeZone.HasValue)
            v.Check(Value(p.TimeZone) is { } tz && StudioSettingsRules.IsTimeZone(tz), "timeZone", $"'{p.TimeZone.Value}' is not an IANA time zone (e.g. Europe/Paris).");
        if (p.Currency.HasValue)
            v.Check(Value(p.Currency) is { } currency && StudioSettingsRules.IsCurrency(currency), "currency", $"'{p.Currency.Value}' is not an ISO 4217 currency code (e.g. EUR).");
        if (p.Locale.HasValue) v.Check(Value(p.Locale) is { } locale && IsLocale(locale), "locale", $"'{p.Locale.Value}' is not a locale (e.g. en-GB, fr-FR).");
        v.MaxLength("addressLine1", Value(p.AddressLine1), 200)
         .MaxLength("addressLine2", Value(p.AddressLine2), 200)
         .MaxLength("city", Value(p.City), 100)
         .MaxLength("postalCode", Value(p.PostalCode), 20)
         .Check(Value(p.Country) is not { } country || IsCountry(country), "country", $"'{p.Country.Value}' is not a two-letter country code (e.g. FR).")
         .Email("email", Value(p.Email))
         .Phone("phone", Value(p.Phone))
         .Check(Compacted(p.VatNumber) is not { } vat || VatPattern().IsMatch(vat), "vatNumber", "A VAT number has 4 to 20 letters and digits.")
         .MaxLength("bankName", Value(p.BankName), 100)
         .Check(Compacted(p.BankIban) is not { } iban || IsIban(iban), "bankIban", "This IBAN is not valid (check the digits).")
         .Check(Compacted(p.BankBic) is not { } bic || BicPattern().IsMatch(bic), "bankBic", "A BIC has 8 or 11 letters and digits (e.g. BNPAFRPPXXX).")
         .Between("defaultDepositPercent", p.DefaultDepositPercent.Or(null), 0, 100, "The deposit (a percentage)")
         .Between("sessionReminderHours", p.SessionReminderHours.Or(null), 1, 168, "The reminder (hours before a session)")
         .ThrowIfInvalid();

        var org = await LoadAsync(ct);
        if (p.Name.HasValue) org.Name = Value(p.Name)!;
        if (p.TimeZone.HasValue) org.TimeZone = Value(p.TimeZone)!;
        if (p.Currency.HasValue) org.Currency = Value(p.Currency)!.ToUpperInvariant();
        if (p.Locale.HasValue) org.Locale = CultureInfo.GetCultureInfo(Value(p.Locale)!).Name;
        if (p.AddressLine1.HasValue) org.AddressLine1 = Value(p.AddressLine1);
        if (p.AddressLine2.HasValue) org.AddressLine2 = Value(p.AddressLine2);
        if (p.City.HasValue) org.City = Value(p.City);
        if (p.PostalCode.HasValue) org.PostalCode = Value(p.PostalCode);
        if (p.Country.HasValue) org.Country = Value(p.Country)?.ToUpperInvariant();
        if (p.Email.HasValue) org.Email = Value(p.Email);
        if (p.Phone.HasValue) org.Phone = Value(p.Phone);
        if (p.VatNumber.HasValue) org.VatNumber = Compacted(p.VatNumber);
        if (p.BankName.HasValue) org.BankName = Value(p.BankName);
        if (p.BankIban.HasValue) org.BankIban = Compacted(p.BankIban);
        if (p.BankBic.HasValue) org.BankBic = Compacted(p.BankBic);
        if (p.DefaultDepositPercent.HasValue) org.DefaultDepositPercent = p.DefaultDepositPercent.Value;
        if (p.SessionReminderHours.HasValue) org.SessionReminderHours = p.SessionReminderHours.Value;
        org.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await master.SaveChangesAsync(ct);
        directory.Forget(org.Slug);
        return ToDto(org);
    }

    /// <summary>Stores a PNG, JPEG, WebP or SVG logo (type read from the bytes, not the name) of at most 2 MB.</summary>
    [RequiresPermission(Permission.ManageSettings)]
    public async Task<StudioSettingsDto> SetLogoAsync(Stream content, long length, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        if (length == 0) throw new ValidationFailedException("file", "The file is empty.");
        if (length > MaxLogoBytes) throw new ValidationFailedException("file", "A logo is at most 2 MB.");
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var extension = LogoFormat.Detect(bytes)
            ?? throw new ValidationFailedException("file", "A logo is a PNG, JPEG, WebP or SVG image.");

        var org = await LoadAsync(ct);
        var relative = Path.Combine("studios", org.Id.ToString(CultureInfo.InvariantCulture), "logo" + extension);
        var full = Path.Combine(data.Value.FullDataPath, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Write beside, then move: a reader never sees half a file.
        var temp = full + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes, ct);
        File.Move(temp, full, overwrite: true);
        var previous = org.LogoPath;
        org.LogoPath = relative;
        org.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await master.SaveChangesAsync(ct);
        if (previous is not null && previous != relative) File.Delete(Path.Combine(data.Value.FullDataPath, previous));
        logger.LogInformation("Logo of studio {StudioId} replaced ({Bytes} bytes)", org.Id, bytes.Length);
        return ToDto(org);
    }

    [RequiresPermission(Permission.ViewSettings)]
    public async Task<StudioLogo> GetLogoAsync(CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var org = await LoadAsync(ct);
        var full = org.LogoPath is null ? null : Path.Combine(data.Value.FullDataPath, org.LogoPath);
        if (full is null || !File.Exists(full)) throw new NotFoundException("This studio has no logo.");
        return new StudioLogo(full, LogoFormat.ContentType(Path.GetExtension(full)));
    }

    [RequiresPermission(Permission.ManageSettings)]
    public async Task DeleteLogoAsync(CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var org = await LoadAsync(ct);
        if (org.LogoPath is null) return;
        var full = Path.Combine(data.Value.FullDataPath, org.LogoPath);
        org.LogoPath = null;
        org.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await master.SaveChangesAsync(ct);
        File.Delete(full);
    }

    private Task<Organization> LoadAsync(CancellationToken ct) =>
        master.Organizations.SingleAsync(o => o.Id == tenant.Studio.OrganizationId, ct);

    private static StudioSettingsDto ToDto(Organization o) => new(o.Id, o.Slug, o.Name, o.TimeZone, o.Currency, o.Locale,
        o.AddressLine1, o.AddressLine2, o.City, o.PostalCode, o.Country, o.Email, o.Phone, o.VatNumber, o.BankName, o.BankIban, o.BankBic,
        o.LogoPath is null ? null : $"/api/studios/{o.Slug}/logo", o.PlanName, o.SubscriptionStatus, o.TrialEndsAt, o.DefaultDepositPercent,
        o.SessionReminderHours);

    private static string Compact(string value) => WhiteSpace().Replace(value, "").ToUpperInvariant();

    private static bool IsLocale(string locale)
    {
        try { return CultureInfo.GetCultureInfo(locale.Trim(), predefinedOnly: true) is { Name.Length: > 0 }; }
        catch (CultureNotFoundException) { return false; }
    }

    private static bool IsCountry(string code)
    {
        if (!CountryPattern().IsMatch(code.Trim())) return false;
        try { return new RegionInfo(code.Trim()).TwoLetterISORegionName.Equals(code.Trim(), StringComparison.OrdinalIgnoreCase); }
        catch (ArgumentException) { return false; }
    }

    /// <summary>ISO 13616: move the first four characters to the end, letters to numbers (A=10 … Z=35), mod 97 = 1.</summary>
    public static bool IsIban(string iban)
    {
        if (!IbanPattern().IsMatch(iban)) return false;
        var remainder = 0;
        foreach (var c in iban[4..] + iban[..4])
        {
            var n = char.IsDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = n >= 10 ? (remainder * 100 + n) % 97 : (remainder * 10 + n) % 97;
        }
        return remainder == 1;
    }

    [GeneratedRegex(@"\s+")] private static partial Regex WhiteSpace();
    [GeneratedRegex(@"^[A-Za-z]{2}$")] private static partial Regex CountryPattern();
    [GeneratedRegex(@"^[A-Z0-9]{4,20}$")] private static partial Regex VatPattern();
    // Check digits run from 02 to 98: 00, 01 and 99 pass mod 97 for some accounts but are never issued.
    [GeneratedRegex(@"^[A-Z]{2}(0[2-9]|[1-8][0-9]|9[0-8])[A-Z0-9]{11,30}$")] private static partial Regex IbanPattern();
    [GeneratedRegex(@"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")] private static partial Regex BicPattern();
}

/// <summary>Image formats accepted for logos, recognised by their first bytes.</summary>
public static class LogoFormat
{
    public static string? Detect(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return ".png";
        if (b.StartsWith((byte[])[0xFF, 0xD8, 0xFF])) return ".jpg";
        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return ".webp";
        return IsSvg(b) ? ".svg" : null;
    }

    public static string ContentType(string extension) => extension switch
    {
        ".png" => "image/png",
        ".jpg" => "image/jpeg",
        ".webp" => "image/webp",
        _ => "image/svg+xml",
    };

    /// <summary>An XML text whose root element is svg (after an optional BOM, XML declaration, comments and doctype).</summary>
    private static bool IsSvg(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((byte[])[0xEF, 0xBB, 0xBF])) b = b[3..];
        string text;
        try { text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(b); }
        catch (System.Text.DecoderFallbackException) { return false; }
        var head = Regex.Replace(text, @"^\s*(<\?xml[^>]*\?>\s*)?((<!--.*?-->|<!DOCTYPE[^>]*>)\s*)*", "", RegexOptions.Singleline);
        return head.StartsWith("<svg", StringComparison.Ordinal) && head.Length > 4 && (char.IsWhiteSpace(head[4]) || head[4] == '>');
    }
}
