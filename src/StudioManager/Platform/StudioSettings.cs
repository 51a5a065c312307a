using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Tenancy;

namespace StudioManager.Platform;

public sealed record StudioSettingsDto(int Id, string Slug, string Name, string TimeZone, string Currency, string Locale,
    string? AddressLine1, string? AddressLine2, string? City, string? PostalCode, string? Country,
    string? Email, string? Phone, string? VatNumber, string? BankName, string? BankIban, string? BankBic,
    string? LogoUrl, string Plan, string SubscriptionStatus, DateTime? TrialEndsAt);

/// <summary>PATCH body: an absent (null) field is left as is; an empty string clears an optional field.</summary>
public sealed record StudioSettingsPatch(string? Name = null, string? TimeZone = null, string? Currency = null, string? Locale = null,
    string? AddressLine1 = null, string? AddressLine2 = null, string? City = null, string? PostalCode = null, string? Country = null,
    string? Email = null, string? Phone = null, string? VatNumber = null, string? BankName = null, string? BankIban = null, string? BankBic = null);

public sealed record StudioLogo(string Path, string ContentType);

/// <summary>A studio's settings and logo, for the current studio (CurrentTenant). Changes need ManageSettings.</summary>
public sealed partial class StudioSettings(MasterDbContext master, CurrentTenant tenant, StudioDirectory directory,
    IOptions<DatabaseOptions> data, TimeProvider clock, ILogger<StudioSettings> logger)
{
    public const long MaxLogoBytes = 2 * 1024 * 1024;

    public async Task<StudioSettingsDto> GetAsync(CancellationToken ct = default) => ToDto(await LoadAsync(ct));

    public async Task<StudioSettingsDto> UpdateAsync(StudioSettingsPatch p, CancellationToken ct = default)
    {
        Demand();
        var v = new Validation();
        if (p.Name is not null) StudioSettingsRules.CheckName(v, "name", p.Name);
        StudioSettingsRules.CheckTimeZone(v, "timeZone", p.TimeZone);
        StudioSettingsRules.CheckCurrency(v, "currency", p.Currency);
        if (p.Locale is not null) v.Check(IsLocale(p.Locale), "locale", $"'{p.Locale}' is not a locale (e.g. en-GB, fr-FR).");
        CheckLength(v, "addressLine1", p.AddressLine1, 200);
        CheckLength(v, "addressLine2", p.AddressLine2, 200);
        CheckLength(v, "city", p.City, 100);
        CheckLength(v, "postalCode", p.PostalCode, 20);
        if (!string.IsNullOrWhiteSpace(p.Country)) v.Check(IsCountry(p.Country), "country", $"'{p.Country}' is not a two-letter country code (e.g. FR).");
        if (!string.IsNullOrWhiteSpace(p.Email))
            v.Check(Validation.IsEmail(p.Email.Trim()), "email", "A valid email address is required.");
        if (!string.IsNullOrWhiteSpace(p.Phone)) v.Check(PhonePattern().IsMatch(p.Phone.Trim()), "phone", "A phone number has digits, spaces and + ( ) - . only.");
        if (!string.IsNullOrWhiteSpace(p.VatNumber)) v.Check(VatPattern().IsMatch(Compact(p.VatNumber)), "vatNumber", "A VAT number has 4 to 20 letters and digits.");
        CheckLength(v, "bankName", p.BankName, 100);
        if (!string.IsNullOrWhiteSpace(p.BankIban)) v.Check(IsIban(Compact(p.BankIban)), "bankIban", "This IBAN is not valid (check the digits).");
        if (!string.IsNullOrWhiteSpace(p.BankBic)) v.Check(BicPattern().IsMatch(Compact(p.BankBic)), "bankBic", "A BIC has 8 or 11 letters and digits (e.g. BNPAFRPPXXX).");
        v.ThrowIfInvalid();

        var org = await LoadAsync(ct);
        if (p.Name is not null) org.Name = p.Name.Trim();
        if (p.TimeZone is not null) org.TimeZone = p.TimeZone.Trim();
        if (p.Currency is not null) org.Currency = p.Currency.Trim().ToUpperInvariant();
        if (p.Locale is not null) org.Locale = CultureInfo.GetCultureInfo(p.Locale.Trim()).Name;
        if (p.AddressLine1 is not null) org.AddressLine1 = Optional(p.AddressLine1);
        if (p.AddressLine2 is not null) org.AddressLine2 = Optional(p.AddressLine2);
        if (p.City is not null) org.City = Optional(p.City);
        if (p.PostalCode is not null) org.PostalCode = Optional(p.PostalCode);
        if (p.Country is not null) org.Country = Optional(p.Country)?.ToUpperInvariant();
        if (p.Email is not null) org.Email = Optional(p.Email);
        if (p.Phone is not null) org.Phone = Optional(p.Phone);
        if (p.VatNumber is not null) org.VatNumber = Optional(Compact(p.VatNumber));
        if (p.BankName is not null) org.BankName = Optional(p.BankName);
        if (p.BankIban is not null) org.BankIban = Optional(Compact(p.BankIban));
        if (p.BankBic is not null) org.BankBic = Optional(Compact(p.BankBic));
        org.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await master.SaveChangesAsync(ct);
        directory.Forget(org.Slug);
        return ToDto(org);
    }

    /// <summary>Stores a PNG, JPEG, WebP or SVG logo (type read from the bytes, not the name) of at most 2 MB.</summary>
    public async Task<StudioSettingsDto> SetLogoAsync(Stream content, long length, CancellationToken ct = default)
    {
        Demand();
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

    public async Task<StudioLogo> GetLogoAsync(CancellationToken ct = default)
    {
        var org = await LoadAsync(ct);
        var full = org.LogoPath is null ? null : Path.Combine(data.Value.FullDataPath, org.LogoPath);
        if (full is null || !File.Exists(full)) throw new NotFoundException("This studio has no logo.");
        return new StudioLogo(full, LogoFormat.ContentType(Path.GetExtension(full)));
    }

    public async Task DeleteLogoAsync(CancellationToken ct = default)
    {
        Demand();
        var org = await LoadAsync(ct);
        if (org.LogoPath is null) return;
        var full = Path.Combine(data.Value.FullDataPath, org.LogoPath);
        org.LogoPath = null;
        org.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await master.SaveChangesAsync(ct);
        File.Delete(full);
    }

    public bool CanManage => tenant.Can(Permission.ManageSettings);

    private void Demand()
    {
        if (!CanManage) throw new ForbiddenException("Your role does not allow changing the studio's settings.");
    }

    private Task<Organization> LoadAsync(CancellationToken ct) =>
        master.Organizations.SingleAsync(o => o.Id == tenant.Studio.OrganizationId, ct);

    private static StudioSettingsDto ToDto(Organization o) => new(o.Id, o.Slug, o.Name, o.TimeZone, o.Currency, o.Locale,
        o.AddressLine1, o.AddressLine2, o.City, o.PostalCode, o.Country, o.Email, o.Phone, o.VatNumber, o.BankName, o.BankIban, o.BankBic,
        o.LogoPath is null ? null : $"/api/studios/{o.Slug}/logo", o.PlanName, o.SubscriptionStatus, o.TrialEndsAt);

    private static void CheckLength(Validation v, string field, string? value, int max) =>
        v.Check(value is null || value.Trim().Length <= max, field, $"At most {max} characters.");

    private static string? Optional(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

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
    [GeneratedRegex(@"^[0-9+() .\-]{4,30}$")] private static partial Regex PhonePattern();
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
