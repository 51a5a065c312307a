using System.Globalization;
using CsvHelper;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Hosting;

namespace StudioManager.Clients;

/// <summary>One client read from an import file, at the line where it starts, with the errors met while reading it.</summary>
internal sealed record ImportRow(int Line, ClientInput Input, Validation Errors);

/// <summary>Clients as CSV: one column per field, headers as the API's field names (matched loosely on import:
/// "Artist name", "artist_name"), lists separated by ";" (genres also by "," when there is no ";"). Comma,
/// semicolon or tab delimited.</summary>
internal static class ClientCsv
{
    private sealed record Column(string Header, Func<ClientDto, string?> Get, Action<ClientInput, string, Validation> Set, params string[] Aliases);

    private static readonly Column[] Columns =
    [
        new("type", c => c.Type.ToString().ToLowerInvariant(), (i, s, v) => i.Type = ImportValues.ClientTypeOf(s, v)),
        new("name", c => c.Name, (i, s, _) => i.Name = s, "full name", "fn"),
        new("artistName", c => c.ArtistName, (i, s, _) => i.ArtistName = s, "stage name", "nickname"),
        new("companyName", c => c.CompanyName, (i, s, _) => i.CompanyName = s, "company", "organization", "org"),
        new("email", c => c.Email, (i, s, _) => i.Email = s, "e-mail", "email address"),
        new("secondaryEmail", c => c.SecondaryEmail, (i, s, _) => i.SecondaryEmail = s, "email 2"),
        new("phone", c => c.Phone, (i, s, _) => i.Phone = s, "phone number", "tel", "mobile"),
        new("secondaryPhone", c => c.SecondaryPhone, (i, s, _) => i.SecondaryPhone = s, "phone 2"),
        new("addressLine1", c => c.AddressLine1, (i, s, _) => i.AddressLine1 = s, "address", "street"),
        new("addressLine2", c => c.AddressLine2, (i, s, _) => i.AddressLine2 = s),
        new("city", c => c.City, (i, s, _) => i.City = s),
        new("postalCode", c => c.PostalCode, (i, s, _) => i.PostalCode = s, "zip", "postcode"),
        new("country", c => c.Country, (i, s, _) => i.Country = s),
        new("website", c => c.Website, (i, s, _) => i.Website = s, "url"),
        new("streamingLinks", c => string.Join("; ", c.StreamingLinks), (i, s, _) => i.StreamingLinks = ImportValues.ListOf(s, ';'), "links"),
        new("genres", c => string.Join("; ", c.Genres), (i, s, _) => i.Genres = ImportValues.ListOf(s, s.Contains(';') ? ';' : ','), "genre"),
        new("currency", c => c.Currency, (i, s, _) => i.Currency = s),
        new("defaultDepositPercent", c => c.DefaultDepositPercent?.ToString(CultureInfo.InvariantCulture),
            (i, s, v) => i.DefaultDepositPercent = ImportValues.DecimalOf(s, "defaultDepositPercent", v), "deposit", "deposit percent"),
        new("paymentTermsDays", c => c.PaymentTermsDays?.ToString(CultureInfo.InvariantCulture),
            (i, s, v) => i.PaymentTermsDays = ImportValues.IntOf(s, "paymentTermsDays", v), "payment terms"),
        new("billingNotes", c => c.BillingNotes, (i, s, _) => i.BillingNotes = s, "notes", "note"),
        new("isVip", c => Bool(c.IsVip), (i, s, v) => ImportValues.BoolOf(s, "isVip", v, b => i.IsVip = b), "vip"),
        new("isActive", c => Bool(c.IsActive), (i, s, v) => ImportValues.BoolOf(s, "isActive", v, b => i.IsActive = b), "active"),
        new("portalAccess", c => Bool(c.PortalAccess), (i, s, v) => ImportValues.BoolOf(s, "portalAccess", v, b => i.PortalAccess = b), "portal"),
    ];

    public static void Write(TextWriter writer, IEnumerable<ClientDto> clients)
    {
        // Text starting with = + - @ is prefixed with ' so that a spreadsheet does not run it as a formula;
        // the import takes the prefix off again.
        using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader(Columns.Select(c => c.Header).ToArray());
        foreach (var client in clients)
            csv.WriteRecord(Columns.Select(c => c.Get(client)).ToArray());
    }

    public static List<ImportRow> Read(string text)
    {
        var options = CsvReaderOptions.Default with { TrackLineNumbers = true, MalformedData = CsvMalformedDataHandling.Throw };
        using var csv = CsvReader.FromText(text, options);
        try
        {
            var headers = csv.Headers.ToArray();
            if (headers.All(string.IsNullOrWhiteSpace))
                throw new ValidationFailedException("file", "The file is empty.");
            var mapped = headers.Select(h => Columns.FirstOrDefault(c => Matches(c, h))).ToArray();
            if (!mapped.Any(c => c?.Header == "name"))
                throw new ValidationFailedException("file", "The file has no 'name' column (the first line names the columns: name, email, phone, …).");

            var rows = new List<ImportRow>();
            while (csv.Read())
            {
                var record = csv.Current.ToArray();
                if (record.All(string.IsNullOrWhiteSpace)) continue;
                var input = new ClientInput();
                var errors = new Validation();
                for (var i = 0; i < record.Length && i < mapped.Length; i++)
                    if (mapped[i] is { } col && !string.IsNullOrWhiteSpace(record[i]))
                        col.Set(input, Unescape(record[i].Trim()), errors);
                rows.Add(new ImportRow((int)csv.LineNumber, input, errors));
            }
            return rows;
        }
        catch (CsvFormatException e)
        {
            throw new ValidationFailedException("file", $"Line {e.LineNumber}: the CSV cannot be read ({e.Message}).");
        }
    }

    /// <summary>Takes off the ' that the export puts before a value a spreadsheet would read as a formula.</summary>
    private static string Unescape(string value) =>
        value.Length > 1 && value[0] == '\'' && "=+-@".Contains(value[1]) ? value[1..] : value;

    private static bool Matches(Column c, string header)
    {
        var h = Normalize(header);
        return h == Normalize(c.Header) || c.Aliases.Any(a => Normalize(a) == h);
    }

    private static string Normalize(string s) => new(s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static string Bool(bool b) => b ? "true" : "false";
}

/// <summary>Parsing of typed values met in import files; a bad value becomes an error on its field.</summary>
internal static class ImportValues
{
    public static List<string> ListOf(string s, params char[] separators) =>
        s.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    public static Optional<ClientType> ClientTypeOf(string s, Validation v)
    {
        if (Enum.TryParse<ClientType>(s, ignoreCase: true, out var t) && Enum.IsDefined(t)) return t;
        v.Add("type", $"'{s}' is not a client type (individual or company).");
        return default;
    }

    public static Optional<decimal?> DecimalOf(string s, string field, Validation v)
    {
        if (decimal.TryParse(s.Replace(',', '.').TrimEnd('%', ' '), NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) return d;
        v.Add(field, $"'{s}' is not a number.");
        return default;
    }

    public static Optional<int?> IntOf(string s, string field, Validation v)
    {
        if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        v.Add(field, $"'{s}' is not a whole number.");
        return default;
    }

    public static void BoolOf(string s, string field, Validation v, Action<bool> set)
    {
        switch (s.ToLowerInvariant())
        {
            case "true" or "yes" or "y" or "1" or "x": set(true); break;
            case "false" or "no" or "n" or "0": set(false); break;
            default: v.Add(field, $"'{s}' is not yes/no (true, false, yes, no, 1, 0)."); break;
        }
    }
}
