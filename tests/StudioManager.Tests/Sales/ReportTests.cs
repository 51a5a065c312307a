using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsvHelper;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Invoicing;

namespace StudioManager.Tests.Sales;

public abstract class ReportTests(StudioAppFactory app)
{
    /// <summary>An issued invoice of one untaxed line, due on the day given.</summary>
    private static async Task<int> OpenInvoiceAsync(StudioSession s, int clientId, decimal amount, DateOnly due)
    {
        var draft = await Booking.PostAsync(s, "/invoices", new { clientId, dueDate = due.ToString("yyyy-MM-dd"), items = new[] { Line("Work", 1, amount, 0) } });
        var issued = await Booking.PostAsync(s, $"/invoices/{Id(draft)}/issue", new { });
        Assert.Equal(due.ToString("yyyy-MM-dd"), issued.GetProperty("dueDate").GetString());
        return Id(issued);
    }

    /// <summary>The report as CSV, read back by a CSV parser: the header, then every row.</summary>
    public static async Task<(string[] Header, List<string[]> Rows)> CsvAsync(StudioSession s, string path)
    {
        var response = await s.Http.GetAsync(s.Api(path + (path.Contains('?') ? "&" : "?") + "format=csv"));
        await StudioApi.EnsureAsync(response);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\r\n", text); // RFC 4180 line ends
        using var csv = CsvReader.FromText(text.TrimStart('\uFEFF'), CsvReaderOptions.Default with { MalformedData = CsvMalformedDataHandling.Throw });
        var header = csv.Headers.ToArray();
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(csv.Current.ToArray());
        return (header, rows);
    }

    /// <summary>Money as the CSV writes it: two decimals, a point.</summary>
    private static string Cents(JsonElement e, string property) => Money(e, property).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    private static string[] ReceivableCells(JsonElement r) =>
    [
        r.GetProperty("clientId").ValueKind == JsonValueKind.Null ? "" : r.GetProperty("clientId").GetInt32().ToString(),
        r.GetProperty("clientName").GetString()!, r.GetProperty("currency").GetString()!, r.GetProperty("invoices").GetInt32().ToString(),
        .. new[] { "current", "days0To30", "days31To60", "days61To90", "over90", "total" }.Select(p => Cents(r, p)),
    ];

    [Fact]
    public async Task ShouldAgeOpenBalancesPerClientAndCurrencyToTheCentAndExportTheSameRows()
    {
        var s = await app.RegisterStudioAsync();
        var asOf = DateOnly.Parse((await GetAsync(s, "/reports/receivables")).GetProperty("asOf").GetString()!);
        var a = await Booking.ClientAsync(s, "Alpha Band");
        var b = Id(await Booking.PostAsync(s, "/clients", new { type = "company", name = "Beta Label", currency = "USD" }));
        var c = await Booking.ClientAsync(s, "=Smith, \"Junior\" & Co");

        await OpenInvoiceAsync(s, a, 100.10m, asOf.AddDays(5));    // not yet due
        await OpenInvoiceAsync(s, a, 200.20m, asOf);               // due today: 0 days past due
        await OpenInvoiceAsync(s, a, 0.30m, asOf.AddDays(-30));
        var partlyPaid = await OpenInvoiceAsync(s, a, 300.00m, asOf.AddDays(-31));
        await StudioApi.EnsureAsync(await PayAsync(s, partlyPaid, 100.05m));
        await OpenInvoiceAsync(s, a, 400.40m, asOf.AddDays(-61));
        await OpenInvoiceAsync(s, a, 0.05m, asOf.AddDays(-90));
        await OpenInvoiceAsync(s, a, 500.55m, asOf.AddDays(-91));
        var paid = await OpenInvoiceAsync(s, a, 70m, asOf.AddDays(-40));
        await StudioApi.EnsureAsync(await PayAsync(s, paid, 70m));
        var voided = await OpenInvoiceAsync(s, a, 80m, asOf.AddDays(-40));
        await Booking.PostAsync(s, $"/invoices/{voided}/void", new { });
        await DraftAsync(s, a, Line("Not issued", 1, 90m, 0));
        await OpenInvoiceAsync(s, b, 50.50m, asOf.AddDays(-10));
        await OpenInvoiceAsync(s, c, 10.00m, asOf.AddDays(-100));

        var report = await GetAsync(s, "/reports/receivables");

        var rows = report.GetProperty("clients").EnumerateArray().Select(ReceivableCells).ToList();
        Assert.Equal([
            [a.ToString(), "Alpha Band", "EUR", "7", "100.10", "200.50", "199.95", "400.45", "500.55", "1401.55"],
            [c.ToString(), "=Smith, \"Junior\" & Co", "EUR", "1", "0.00", "0.00", "0.00", "0.00", "10.00", "10.00"],
            [b.ToString(), "Beta Label", "USD", "1", "0.00", "50.50", "0.00", "0.00", "0.00", "50.50"],
        ], rows);
        var totals = report.GetProperty("totals").EnumerateArray().Select(ReceivableCells).ToList();
        Assert.Equal([
            ["", "All clients", "EUR", "8", "100.10", "200.50", "199.95", "400.45", "510.55", "1411.55"],
            ["", "All clients", "USD", "1", "0.00", "50.50", "0.00", "0.00", "0.00", "50.50"],
        ], totals);

        var (header, csvRows) = await CsvAsync(s, "/reports/receivables");
        Assert.Equal(["clientId", "client", "currency", "invoices", "current", "days0To30", "days31To60", "days61To90", "over90", "total"], header);
        // The same rows; a name starting like a formula is prefixed with ' (its comma and quotes survive the round trip).
        rows[1][1] = "'" + rows[1][1];
        Assert.Equal(rows.Concat(totals).ToList(), csvRows);
    }

    [Fact]
    public async Task ShouldTotalExpensesPerCategoryAndCurrencyOverTheRange()
    {
        var s = await app.RegisterStudioAsync();
        await ExpenseApiTests.ExpenseAsync(s, "rent", 1200.10m, 0, "2030-03-01");
        await ExpenseApiTests.ExpenseAsync(s, "software", 0.10m, 0.02m, "2030-03-15");
        await ExpenseApiTests.ExpenseAsync(s, "software", 0.20m, 0.04m, "2030-03-31", status: "paid");
        await ExpenseApiTests.ExpenseAsync(s, "software", 9.99m, 1.00m, "2030-03-20", currency: "USD");
        await ExpenseApiTests.ExpenseAsync(s, "equipment", -50.00m, -10.00m, "2030-03-10"); // a refund
        await ExpenseApiTests.ExpenseAsync(s, "equipment", 500m, 100m, "2030-03-10");
        await ExpenseApiTests.ExpenseAsync(s, "rent", 1200.10m, 0, "2030-04-01"); // after the range
        await ExpenseApiTests.ExpenseAsync(s, "rent", 1200.10m, 0, "2030-02-28"); // before it

        var report = await GetAsync(s, "/reports/expenses?from=2030-03-01&to=2030-03-31");

        static string Cells(JsonElement x) => string.Join("|", x.GetProperty("category").ValueKind == JsonValueKind.Null ? "total" : x.GetProperty("category").GetString(),
            x.GetProperty("currency").GetString(), x.GetProperty("count").GetInt32(), Cents(x, "amount"), Cents(x, "tax"), Cents(x, "total"));
        Assert.Equal(["rent|EUR|1|1200.10|0.00|1200.10", "equipment|EUR|2|450.00|90.00|540.00", "software|EUR|2|0.30|0.06|0.36", "software|USD|1|9.99|1.00|10.99"],
            report.GetProperty("categories").EnumerateArray().Select(Cells));
        Assert.Equal(["total|EUR|5|1650.40|90.06|1740.46", "total|USD|1|9.99|1.00|10.99"], report.GetProperty("totals").EnumerateArray().Select(Cells));

        var (header, rows) = await CsvAsync(s, "/reports/expenses?from=2030-03-01&to=2030-03-31");
        Assert.Equal(["category", "currency", "count", "amount", "tax", "total"], header);
        Assert.Equal(["rent|EUR|1|1200.10|0.00|1200.10", "equipment|EUR|2|450.00|90.00|540.00", "software|EUR|2|0.30|0.06|0.36", "software|USD|1|9.99|1.00|10.99",
            "total|EUR|5|1650.40|90.06|1740.46", "total|USD|1|9.99|1.00|10.99"], rows.Select(r => string.Join("|", r)));

        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.GetAsync(s.Api("/reports/expenses?from=2030-04-01&to=2030-03-01"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.GetAsync(s.Api("/reports/expenses?format=xml"))).StatusCode);
    }

    [Fact]
    public async Task ShouldMeasureRoomUtilisationOverTheStudiosDaysFromBookedSessionsOnly()
    {
        var s = await app.RegisterStudioAsync(); // Europe/Paris: 3 and 4 June 2030 run from 2 June 22:00 to 4 June 22:00 UTC
        var roomA = await Booking.RoomAsync(s, "A Live room");
        var roomB = await Booking.RoomAsync(s, "B Booth");
        var client = await Booking.ClientAsync(s);
        async Task<int> BookAsync(int room, DateTime start, DateTime end, string status = "confirmed") =>
            Id(await Booking.BookOkAsync(s, new { roomId = room, clientId = client, title = "Work", type = "recording", start, end, status }));

        await BookAsync(roomA, Booking.At(10), Booking.At(12));                              // 2 h, confirmed
        await Booking.PostAsync(s, $"/sessions/{await BookAsync(roomA, Booking.At(14), Booking.At(17, 30))}/complete", new { }); // 3.5 h
        await BookAsync(roomA, Booking.At(21, day: 1), Booking.At(23, day: 1));              // 1 h inside (ends after 22:00 UTC)
        await BookAsync(roomA, Booking.At(20, day: -1), Booking.At(23, day: -1));            // 1 h inside (starts before)
        await BookAsync(roomA, Booking.At(6), Booking.At(8), status: "tentative");            // not counted
        await Booking.PostAsync(s, $"/sessions/{await BookAsync(roomA, Booking.At(18), Booking.At(20))}/cancel", new { }); // not counted
        await BookAsync(roomA, Booking.At(8, day: 5), Booking.At(9, day: 5));                // after the range

        var report = await GetAsync(s, "/reports/utilization?from=2030-06-03&to=2030-06-04");

        var rooms = report.GetProperty("rooms").EnumerateArray().Select(r => string.Join("|", r.GetProperty("roomName").GetString(),
            r.GetProperty("sessions").GetInt32(), Cents(r, "bookedHours"), Cents(r, "availableHours"), Cents(r, "percent"))).ToList();
        Assert.Equal(["A Live room|4|7.50|48.00|15.63", "B Booth|0|0.00|48.00|0.00"], rooms);
        var (header, rows) = await CsvAsync(s, "/reports/utilization?from=2030-06-03&to=2030-06-04");
        Assert.Equal(["roomId", "room", "sessions", "bookedHours", "availableHours", "percent"], header);
        Assert.Equal([[roomA.ToString(), "A Live room", "4", "7.50", "48.00", "15.63"], [roomB.ToString(), "B Booth", "0", "0.00", "48.00", "0.00"]], rows);

        // The night the clocks go back (27 October 2030 in Paris) has 25 hours.
        Assert.Equal(25.00m, Money((await GetAsync(s, "/reports/utilization?from=2030-10-27&to=2030-10-27")).GetProperty("rooms")[0], "availableHours"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ReportTests_Sqlite(SqliteAppFactory app) : ReportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ReportTests_Postgres(PostgresAppFactory app) : ReportTests(app);
