using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using StudioManager.Tests.Infrastructure;
using static StudioManager.Tests.Sales.Invoicing;

namespace StudioManager.Tests.Sales;

/// <summary>Revenue and profit by month. These move the clock a month and more ahead (invoices are issued "today"), so
/// they run on an app of their own: the shared one's clock stays where the other tests expect it.</summary>
public abstract class RevenueReportTests(StudioAppFactory app)
{
    private static string Cents(JsonElement e, string property) => Money(e, property).ToString("0.00", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ShouldReportInvoicedAndReceivedByStudioMonthAndProfitAfterExpenses()
    {
        var s = await app.RegisterStudioAsync(); // Europe/Paris, EUR
        var client = await Scheduling.Booking.ClientAsync(s);
        var first = await IssuedAsync(s, client, Line("Mixing", 1, 100m, 20), Line("Stems", 1, 33.33m, 10)); // 133.33 + 23.33
        var m0 = DateOnly.Parse(first.GetProperty("issueDate").GetString()!);
        m0 = new DateOnly(m0.Year, m0.Month, 1);
        var (m1, m2) = (m0.AddMonths(1), m0.AddMonths(2));
        var voided = await IssuedAsync(s, client, Line("Mistake", 1, 1000m, 20));
        await Scheduling.Booking.PostAsync(s, $"/invoices/{Id(voided)}/void", new { });
        await DraftAsync(s, client, Line("Not issued", 1, 500m, 20));
        await StudioApi.EnsureAsync(await s.Http.PostAsJsonAsync(s.Api($"/invoices/{Id(first)}/payments"), new { amount = 30m, date = m0.AddDays(2), method = "card" }));
        await StudioApi.EnsureAsync(await s.Http.PostAsJsonAsync(s.Api($"/invoices/{Id(first)}/payments"), new { amount = 10.01m, date = m2.AddDays(3), method = "cash" }));

        // 23:30 UTC on the last day of m1 is already the first day of m2 in Paris: the invoice is m2's.
        app.Clock.SetUtcNow(new DateTimeOffset(m2.ToDateTime(new TimeOnly(23, 30)).AddDays(-1), TimeSpan.Zero));
        s = s with { Http = await app.LoginAsync(s.Email, s.Password) };
        var late = await IssuedAsync(s, client, Line("Mastering", 1, 50.05m, 0));
        Assert.Equal(m2.ToString("yyyy-MM-dd"), late.GetProperty("issueDate").GetString());

        await ExpenseApiTests.ExpenseAsync(s, "rent", 40m, 8m, m0.ToString("yyyy-MM-dd"));
        await ExpenseApiTests.ExpenseAsync(s, "software", 10.10m, 0, m2.ToString("yyyy-MM-dd"), status: "paid");
        await ExpenseApiTests.ExpenseAsync(s, "software", 5m, 0, m1.AddDays(14).ToString("yyyy-MM-dd"), currency: "USD");
        await ExpenseApiTests.ExpenseAsync(s, "rent", 999m, 0, m2.AddMonths(1).ToString("yyyy-MM-dd")); // after the range
        var range = $"?from={m0:yyyy-MM-dd}&to={m2.AddMonths(1).AddDays(-1):yyyy-MM-dd}";
        string Month(DateOnly m) => m.ToString("yyyy-MM", CultureInfo.InvariantCulture);

        var revenue = await GetAsync(s, "/reports/revenue" + range);

        string[] RevenueCells(JsonElement m) => [m.GetProperty("month").GetString()!, m.GetProperty("currency").GetString()!, m.GetProperty("invoices").GetInt32().ToString(),
            Cents(m, "invoicedNet"), Cents(m, "invoicedTax"), Cents(m, "invoicedTotal"), Cents(m, "received")];
        var months = revenue.GetProperty("months").EnumerateArray().Select(RevenueCells).ToList();
        Assert.Equal([
            [Month(m0), "EUR", "1", "133.33", "23.33", "156.66", "30.00"],
            [Month(m1), "EUR", "0", "0.00", "0.00", "0.00", "0.00"],
            [Month(m2), "EUR", "1", "50.05", "0.00", "50.05", "10.01"],
        ], months);
        var totals = revenue.GetProperty("totals").EnumerateArray().Select(RevenueCells).ToList();
        Assert.Equal([["total", "EUR", "2", "183.38", "23.33", "206.71", "40.01"]], totals);
        var (header, rows) = await ReportTests.CsvAsync(s, "/reports/revenue" + range);
        Assert.Equal(["month", "currency", "invoices", "invoicedNet", "invoicedTax", "invoicedTotal", "received"], header);
        Assert.Equal(months.Concat(totals).ToList(), rows);

        var profit = await GetAsync(s, "/reports/profit" + range);

        string ProfitCells(JsonElement m) => string.Join("|", m.GetProperty("month").GetString(), m.GetProperty("currency").GetString(),
            Cents(m, "revenue"), Cents(m, "expenses"), Cents(m, "profit"));
        string[] expected = [
            $"{Month(m0)}|EUR|133.33|40.00|93.33", $"{Month(m1)}|EUR|0.00|0.00|0.00", $"{Month(m2)}|EUR|50.05|10.10|39.95",
            $"{Month(m0)}|USD|0.00|0.00|0.00", $"{Month(m1)}|USD|0.00|5.00|-5.00", $"{Month(m2)}|USD|0.00|0.00|0.00",
        ];
        Assert.Equal(expected, profit.GetProperty("months").EnumerateArray().Select(ProfitCells));
        Assert.Equal(["total|EUR|183.38|50.10|133.28", "total|USD|0.00|5.00|-5.00"], profit.GetProperty("totals").EnumerateArray().Select(ProfitCells));
        var (profitHeader, profitRows) = await ReportTests.CsvAsync(s, "/reports/profit" + range);
        Assert.Equal(["month", "currency", "revenue", "expenses", "profit"], profitHeader);
        // A loss is a number in the CSV (-5.00), not text escaped as a formula.
        Assert.Equal([.. expected, "total|EUR|183.38|50.10|133.28", "total|USD|0.00|5.00|-5.00"], profitRows.Select(r => string.Join("|", r)));
    }
}

public sealed class RevenueReportTests_Sqlite(SqliteAppFactory app) : RevenueReportTests(app), IClassFixture<SqliteAppFactory>;

public sealed class RevenueReportTests_Postgres(PostgresAppFactory app) : RevenueReportTests(app), IClassFixture<PostgresAppFactory>;
