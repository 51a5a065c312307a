using StudioManager.Infrastructure.Time;
using System.Text;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Clients;

public enum ClientFileFormat { Csv, Vcard }

/// <summary>A problem with one row of an import file.</summary>
public sealed record ImportIssue(int Line, string Field, string Message);

/// <summary>What an import did (or, on a dry run or a rejected file, would do). A file with any issue inserts nothing.</summary>
public sealed record ImportReport(ClientFileFormat Format, int Rows, int Inserted, bool DryRun, IReadOnlyList<ImportIssue> Issues)
{
    public bool Rejected => Issues.Count > 0;
}

public sealed record ExportFile(byte[] Content, string ContentType, string Extension);

/// <summary>Import and export of clients as CSV or vCard.</summary>
public sealed class ClientTransferService(TenantDbContext db, ClientService clients, CurrentTenant tenant, TimeProvider clock)
{
    public const int MaxFileBytes = 5 * 1024 * 1024;

    /// <summary>Reads every row, checks it like a new client (fields, email already in the studio or earlier in the
    /// file), and inserts all rows in one transaction only when none has an issue and the plan has room for them all
    /// (402 otherwise, on a dry run too).</summary>
    [RequiresPermission(Permission.ManageClients)]
    public async Task<ImportReport> ImportAsync(Stream file, string? fileName, bool dryRun, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var text = await ReadTextAsync(file, ct);
        var format = FormatOf(fileName, text);
        var rows = format == ClientFileFormat.Vcard ? VCard.Read(new StringReader(text)) : ClientCsv.Read(text);
        if (rows.Count == 0) throw new ValidationFailedException("file", "The file holds no clients.");

        var now = clock.StoredUtcNow();
        var issues = new List<ImportIssue>();
        var built = new List<(ImportRow Row, Client Client)>();
        foreach (var row in rows)
        {
            var client = new Client { CreatedAt = now, UpdatedAt = now };
            ClientService.Apply(client, row.Input, row.Errors);
            issues.AddRange(IssuesOf(row));
            built.Add((row, client));
        }

        var firstLineOf = new Dictionary<string, int>();
        foreach (var (row, client) in built)
            foreach (var (field, email) in ClientService.EmailsOf(client))
                if (!firstLineOf.TryAdd(email, row.Line) && firstLineOf[email] != row.Line)
                    issues.Add(new ImportIssue(row.Line, field, $"Same email as line {firstLineOf[email]}: {email}."));
        var owners = await clients.EmailOwnersAsync(firstLineOf.Keys.ToList(), exceptClientId: 0, ct);
        foreach (var (row, client) in built)
            foreach (var (field, email) in ClientService.EmailsOf(client))
                if (owners.TryGetValue(email, out var owner))
                    issues.Add(new ImportIssue(row.Line, field, $"Duplicate: {owner} already has the email {email}."));

        issues = issues.OrderBy(i => i.Line).ToList();
        if (issues.Count > 0) return new ImportReport(format, rows.Count, 0, dryRun, issues);

        // One transaction: all rows or none, and none beyond the plan's limit.
        return await db.InTransactionAsync(async () =>
        {
            await clients.EnsureRoomForAsync(built.Count, ct);
            if (dryRun) return new ImportReport(format, rows.Count, 0, true, []);
            db.Clients.AddRange(built.Select(b => b.Client));
            await db.SaveChangesAsync(ct);
            return new ImportReport(format, rows.Count, built.Count, false, []);
        }, ct);
    }

    [RequiresPermission(Permission.ViewClients)]
    public async Task<ExportFile> ExportAsync(ClientFileFormat format, ClientQuery query, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var all = await clients.ListAllAsync(query, ct);
        using var buffer = new MemoryStream();
        // The BOM makes spreadsheet programs read the CSV as UTF-8.
        await using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: format == ClientFileFormat.Csv), leaveOpen: true))
        {
            if (format == ClientFileFormat.Vcard) VCard.Write(writer, all);
            else ClientCsv.Write(writer, all);
        }
        return format == ClientFileFormat.Vcard
            ? new ExportFile(buffer.ToArray(), "text/vcard; charset=utf-8", "vcf")
            : new ExportFile(buffer.ToArray(), "text/csv; charset=utf-8", "csv");
    }

    public static ClientFileFormat ParseFormat(string? format) => format?.ToLowerInvariant() switch
    {
        null or "" or "csv" => ClientFileFormat.Csv,
        "vcard" or "vcf" => ClientFileFormat.Vcard,
        _ => throw new ValidationFailedException("format", "format is csv or vcard."),
    };

    private static IEnumerable<ImportIssue> IssuesOf(ImportRow row) =>
        row.Errors.Messages.Select(m => new ImportIssue(row.Line, m.Field, m.Message));

    private static ClientFileFormat FormatOf(string? fileName, string text)
    {
        var ext = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        if (ext is ".vcf" or ".vcard") return ClientFileFormat.Vcard;
        if (ext is ".csv") return ClientFileFormat.Csv;
        return text.TrimStart().StartsWith("BEGIN:VCARD", StringComparison.OrdinalIgnoreCase) ? ClientFileFormat.Vcard : ClientFileFormat.Csv;
    }

    private static async Task<string> ReadTextAsync(Stream file, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxFileBytes)
                throw new ValidationFailedException("file", $"The file is larger than {MaxFileBytes / 1024 / 1024} MB.");
        }
        if (buffer.Length == 0) throw new ValidationFailedException("file", "The file is empty.");
        buffer.Position = 0;
        using var reader = new StreamReader(buffer, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(ct);
    }
}
