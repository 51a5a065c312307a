using System.Globalization;
using System.Text;
using CsvHelper;

namespace StudioManager.Sales;

/// <summary>The reports as CSV (RFC 4180: CRLF, quoted when needed, UTF-8 with a BOM so spreadsheets read it as UTF-8):
/// one row per line of the report, then its totals. Money is written with two decimals and a point, never grouped;
/// names starting like a formula are prefixed with ' (numbers are written as numbers, a minus sign kept).</summary>
public static class ReportCsv
{
    private sealed record Column<T>(string Header, Action<CsvWriter, T> Write);

    private static Column<T> Text<T>(string header, Func<T, string?> get) => new(header, (w, r) => w.WriteField(get(r)));
    private static Column<T> Count<T>(string header, Func<T, int> get) => new(header, (w, r) => w.WriteField(get(r), "", CultureInfo.InvariantCulture));
    private static Column<T> Amount<T>(string header, Func<T, decimal> get) => new(header, (w, r) => w.WriteField(get(r), "0.00", CultureInfo.InvariantCulture));

    public static byte[] Of(RevenueReport r) => Write(r.Months.Concat(r.Totals),
        Text<RevenueMonth>("month", x => x.Month), Text<RevenueMonth>("currency", x => x.Currency), Count<RevenueMonth>("invoices", x => x.Invoices),
        Amount<RevenueMonth>("invoicedNet", x => x.InvoicedNet), Amount<RevenueMonth>("invoicedTax", x => x.InvoicedTax),
        Amount<RevenueMonth>("invoicedTotal", x => x.InvoicedTotal), Amount<RevenueMonth>("received", x => x.Received));

    public static byte[] Of(ProfitReport r) => Write(r.Months.Concat(r.Totals),
        Text<ProfitMonth>("month", x => x.Month), Text<ProfitMonth>("currency", x => x.Currency), Amount<ProfitMonth>("revenue", x => x.Revenue),
        Amount<ProfitMonth>("expenses", x => x.Expenses), Amount<ProfitMonth>("profit", x => x.Profit));

    public static byte[] Of(ExpenseReport r) => Write(r.Categories.Concat(r.Totals),
        Text<ExpenseCategoryTotal>("category", x => x.Category is { } c ? c.ToString().ToLowerInvariant() : "total"),
        Text<ExpenseCategoryTotal>("currency", x => x.Currency), Count<ExpenseCategoryTotal>("count", x => x.Count),
        Amount<ExpenseCategoryTotal>("amount", x => x.Amount), Amount<ExpenseCategoryTotal>("tax", x => x.Tax), Amount<ExpenseCategoryTotal>("total", x => x.Total));

    public static byte[] Of(ReceivablesReport r) => Write(r.Clients.Concat(r.Totals),
        Text<ReceivableRow>("clientId", x => x.ClientId?.ToString(CultureInfo.InvariantCulture)), Text<ReceivableRow>("client", x => x.ClientName),
        Text<ReceivableRow>("currency", x => x.Currency), Count<ReceivableRow>("invoices", x => x.Invoices),
        Amount<ReceivableRow>("current", x => x.Current), Amount<ReceivableRow>("days0To30", x => x.Days0To30),
        Amount<ReceivableRow>("days31To60", x => x.Days31To60), Amount<ReceivableRow>("days61To90", x => x.Days61To90),
        Amount<ReceivableRow>("over90", x => x.Over90), Amount<ReceivableRow>("total", x => x.Total));

    public static byte[] Of(UtilizationReport r) => Write(r.Rooms,
        Count<RoomUtilization>("roomId", x => x.RoomId), Text<RoomUtilization>("room", x => x.RoomName), Count<RoomUtilization>("sessions", x => x.Sessions),
        Amount<RoomUtilization>("bookedHours", x => x.BookedHours), Amount<RoomUtilization>("availableHours", x => x.AvailableHours),
        Amount<RoomUtilization>("percent", x => x.Percent));

    private static byte[] Write<T>(IEnumerable<T> rows, params Column<T>[] columns)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            csv.WriteHeader(columns.Select(c => c.Header).ToArray());
            foreach (var row in rows)
            {
                foreach (var column in columns) column.Write(csv, row);
                csv.EndRecord();
            }
        }
        return buffer.ToArray();
    }
}
