using System.Globalization;
using System.Text;
using StudioManager.Infrastructure.Errors;

namespace StudioManager.Clients;

/// <summary>Clients as vCards (RFC 6350; 3.0 and 4.0 read, 4.0 written): FN, N, KIND, NICKNAME (artist name), ORG,
/// EMAIL, TEL, ADR, URL, NOTE (billing notes), CATEGORIES (genres), and X-RSM-* for the studio's own fields so that
/// an export imports back whole. Lines are folded at 75 octets; text values escape \ , ; and newlines.</summary>
internal static class VCard
{
    private const string StreamingType = "x-streaming";

    public static void Write(TextWriter w, IEnumerable<ClientDto> clients)
    {
        foreach (var c in clients)
        {
            Line(w, "BEGIN:VCARD");
            Line(w, "VERSION:4.0");
            Line(w, "KIND:" + (c.Type == ClientType.Company ? "org" : "individual"));
            Line(w, "FN:" + Escape(c.Name));
            Line(w, "N:" + NameComponents(c));
            if (c.ArtistName is not null) Line(w, "NICKNAME:" + Escape(c.ArtistName));
            if (c.CompanyName is not null) Line(w, "ORG:" + Escape(c.CompanyName));
            if (c.Email is not null) Line(w, "EMAIL;PREF=1:" + Escape(c.Email));
            if (c.SecondaryEmail is not null) Line(w, "EMAIL:" + Escape(c.SecondaryEmail));
            if (c.Phone is not null) Line(w, "TEL;VALUE=text;PREF=1:" + Escape(c.Phone));
            if (c.SecondaryPhone is not null) Line(w, "TEL;VALUE=text:" + Escape(c.SecondaryPhone));
            if (new[] { c.AddressLine1, c.AddressLine2, c.City, c.PostalCode, c.Country }.Any(p => p is not null))
            {
                var street = string.Join("\n", new[] { c.AddressLine1, c.AddressLine2 }.OfType<string>());
                Line(w, $"ADR:;;{Escape(street)};{Escape(c.City)};;{Escape(c.PostalCode)};{Escape(c.Country)}");
            }
            if (c.Website is not null) Line(w, "URL:" + c.Website);
            foreach (var link in c.StreamingLinks) Line(w, $"URL;TYPE={StreamingType}:" + link);
            if (c.Genres.Count > 0) Line(w, "CATEGORIES:" + string.Join(",", c.Genres.Select(Escape)));
            if (c.BillingNotes is not null) Line(w, "NOTE:" + Escape(c.BillingNotes));
            if (c.Currency is not null) Line(w, "X-RSM-CURRENCY:" + c.Currency);
            if (c.DefaultDepositPercent is { } deposit) Line(w, "X-RSM-DEPOSIT-PERCENT:" + deposit.ToString(CultureInfo.InvariantCulture));
            if (c.PaymentTermsDays is { } terms) Line(w, "X-RSM-PAYMENT-TERMS-DAYS:" + terms.ToString(CultureInfo.InvariantCulture));
            Line(w, "X-RSM-VIP:" + (c.IsVip ? "true" : "false"));
            Line(w, "X-RSM-ACTIVE:" + (c.IsActive ? "true" : "false"));
            Line(w, "X-RSM-PORTAL-ACCESS:" + (c.PortalAccess ? "true" : "false"));
            Line(w, "END:VCARD");
        }
    }

    public static List<ImportRow> Read(TextReader reader)
    {
        var rows = new List<ImportRow>();
        ImportRow? card = null;
        var emails = new List<string>();
        var phones = new List<string>();
        var urls = new List<string>();
        var streaming = new List<string>();
        string? structuredName = null;
        bool? isOrg = null;
        foreach (var (lineNo, content) in Unfold(reader))
        {
            var colon = ColonOf(content);
            if (colon < 0)
            {
                card?.Errors.Add("file", $"Line {lineNo}: '{content}' is not a vCard property line.");
                continue;
            }
            var head = content[..colon].Split(';');
            var name = head[0].Contains('.') ? head[0][(head[0].IndexOf('.') + 1)..] : head[0]; // item1.EMAIL → EMAIL
            var parameters = head.Skip(1).ToArray();
            var value = content[(colon + 1)..];
            var property = name.ToUpperInvariant();
            if (property == "BEGIN" && value.Equals("VCARD", StringComparison.OrdinalIgnoreCase))
            {
                card = new ImportRow(lineNo, new ClientInput(), new Validation());
                emails.Clear(); phones.Clear(); urls.Clear(); streaming.Clear();
                structuredName = null; isOrg = null;
                continue;
            }
            if (card is null) continue;
            switch (property)
            {
                case "END":
                    var i = card.Input;
                    if (!i.Name.HasValue && structuredName is not null) i.Name = structuredName;
                    if (isOrg ?? (i.CompanyName.HasValue && i.CompanyName.Value == i.Name.Or(null))) i.Type = ClientType.Company;
                    if (emails.Count > 0) i.Email = emails[0];
                    if (emails.Count > 1) i.SecondaryEmail = emails[1];
                    if (phones.Count > 0) i.Phone = phones[0];
                    if (phones.Count > 1) i.SecondaryPhone = phones[1];
                    if (urls.Count > 0) i.Website = urls[0];
                    streaming.AddRange(urls.Skip(1));
                    if (streaming.Count > 0) i.StreamingLinks = streaming.ToList();
                    rows.Add(card);
                    card = null;
                    break;
                case "FN": card.Input.Name = Unescape(value); break;
                case "N":
                    // family;given;additional;prefixes;suffixes → "Given Family"
                    var n = SplitUnescaped(value, ';');
                    var full = string.Join(" ", new[] { At(n, 3), At(n, 1), At(n, 2), At(n, 0), At(n, 4) }.Where(p => !string.IsNullOrWhiteSpace(p)));
                    structuredName = full.Length > 0 ? full : null;
                    break;
                case "KIND": isOrg = value.Equals("org", StringComparison.OrdinalIgnoreCase); break;
                case "NICKNAME": card.Input.ArtistName = SplitUnescaped(value, ',').FirstOrDefault(); break;
                case "ORG": card.Input.CompanyName = SplitUnescaped(value, ';').FirstOrDefault(); break;
                case "EMAIL": AddPreferred(emails, Unescape(value), parameters); break;
                case "TEL": AddPreferred(phones, Unescape(value) is var tel && tel.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) ? tel[4..] : tel, parameters); break;
                case "ADR":
                    // pobox;extended;street;locality;region;code;country
                    var a = SplitUnescaped(value, ';');
                    var street = (At(a, 2) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    card.Input.AddressLine1 = street.ElementAtOrDefault(0);
                    card.Input.AddressLine2 = street.Length > 1 ? string.Join(", ", street.Skip(1)) : At(a, 1);
                    card.Input.City = At(a, 3);
                    card.Input.PostalCode = At(a, 5);
                    card.Input.Country = At(a, 6);
                    break;
                case "URL":
                    (TypeOf(parameters).Contains(StreamingType) ? streaming : urls).Add(value.Trim());
                    break;
                case "CATEGORIES": card.Input.Genres = SplitUnescaped(value, ',').Where(g => g.Length > 0).ToList(); break;
                case "NOTE": card.Input.BillingNotes = Unescape(value); break;
                case "X-RSM-CURRENCY": card.Input.Currency = value.Trim(); break;
                case "X-RSM-DEPOSIT-PERCENT": card.Input.DefaultDepositPercent = ImportValues.DecimalOf(value.Trim(), "defaultDepositPercent", card.Errors); break;
                case "X-RSM-PAYMENT-TERMS-DAYS": card.Input.PaymentTermsDays = ImportValues.IntOf(value.Trim(), "paymentTermsDays", card.Errors); break;
                case "X-RSM-VIP": ImportValues.BoolOf(value.Trim(), "isVip", card.Errors, b => card.Input.IsVip = b); break;
                case "X-RSM-ACTIVE": ImportValues.BoolOf(value.Trim(), "isActive", card.Errors, b => card.Input.IsActive = b); break;
                case "X-RSM-PORTAL-ACCESS": ImportValues.BoolOf(value.Trim(), "portalAccess", card.Errors, b => card.Input.PortalAccess = b); break;
            }
        }
        if (card is not null)
        {
            card.Errors.Add("file", "The vCard starting here has no END:VCARD.");
            rows.Add(card);
        }
        if (rows.Count == 0) throw new ValidationFailedException("file", "The file holds no vCard (BEGIN:VCARD … END:VCARD).");
        return rows;
    }

    /// <summary>The logical lines with the physical line each starts on. A line starting with a space or tab
    /// continues the previous one (RFC 6350 §3.2).</summary>
    private static IEnumerable<(int Line, string Content)> Unfold(TextReader reader)
    {
        var current = new StringBuilder();
        var start = 0;
        var lineNo = 0;
        while (reader.ReadLine() is { } raw)
        {
            lineNo++;
            if (raw.Length > 0 && (raw[0] == ' ' || raw[0] == '\t') && current.Length > 0)
            {
                current.Append(raw, 1, raw.Length - 1);
                continue;
            }
            if (current.Length > 0) yield return (start, current.ToString());
            current.Clear();
            if (raw.Trim().Length == 0) continue;
            current.Append(raw);
            start = lineNo;
        }
        if (current.Length > 0) yield return (start, current.ToString());
    }

    /// <summary>The colon ending the property name and parameters (parameter values may be quoted and hold colons).</summary>
    private static int ColonOf(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"') quoted = !quoted;
            else if (line[i] == ':' && !quoted) return i;
        }
        return -1;
    }

    private static string[] TypeOf(string[] parameters) =>
        parameters.Where(p => p.StartsWith("TYPE=", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p[5..].Trim('"').Split(',')).Select(t => t.ToLowerInvariant())
            // vCard 2.1/3.0 also allow bare types: "TEL;CELL;PREF:…".
            .Concat(parameters.Where(p => !p.Contains('=')).Select(p => p.ToLowerInvariant())).ToArray();

    private static void AddPreferred(List<string> list, string value, string[] parameters)
    {
        value = value.Trim();
        if (value.Length == 0) return;
        var preferred = parameters.Any(p => p.Equals("PREF=1", StringComparison.OrdinalIgnoreCase)) || TypeOf(parameters).Contains("pref");
        if (preferred) list.Insert(0, value);
        else list.Add(value);
    }

    private static string? At(List<string> parts, int i) => i < parts.Count && parts[i].Trim().Length > 0 ? parts[i].Trim() : null;

    /// <summary>Splits on separators not escaped by a backslash, unescaping each part.</summary>
    private static List<string> SplitUnescaped(string value, char separator)
    {
        var parts = new List<string>();
        var sb = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length) { sb.Append(value[i]).Append(value[++i]); continue; }
            if (value[i] == separator) { parts.Add(Unescape(sb.ToString()).Trim()); sb.Clear(); continue; }
            sb.Append(value[i]);
        }
        parts.Add(Unescape(sb.ToString()).Trim());
        return parts;
    }

    private static string Unescape(string value)
    {
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\' || i + 1 == value.Length) { sb.Append(value[i]); continue; }
            var next = value[++i];
            sb.Append(next is 'n' or 'N' ? '\n' : next);
        }
        return sb.ToString();
    }

    private static string Escape(string? value) =>
        value is null ? "" : value.Replace("\\", "\\\\").Replace(",", "\\,").Replace(";", "\\;").Replace("\r\n", "\n").Replace("\n", "\\n");

    /// <summary>N from the display name: the last word as family name, the rest as given names.</summary>
    private static string NameComponents(ClientDto c)
    {
        if (c.Type == ClientType.Company) return $"{Escape(c.Name)};;;;";
        var words = c.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length < 2 ? $"{Escape(c.Name)};;;;" : $"{Escape(words[^1])};{Escape(string.Join(' ', words[..^1]))};;;";
    }

    /// <summary>Writes a content line folded at 75 octets without splitting a UTF-8 sequence, ending in CRLF.</summary>
    private static void Line(TextWriter w, string line)
    {
        var octets = 0;
        var first = true;
        var i = 0;
        while (i < line.Length)
        {
            var len = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, len));
            if (octets + size > (first ? 75 : 74))
            {
                w.Write("\r\n ");
                octets = 0;
                first = false;
            }
            w.Write(line.AsSpan(i, len));
            octets += size;
            i += len;
        }
        w.Write("\r\n");
    }
}
