using Microsoft.Playwright;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Sales;
using StudioManager.Tests.Scheduling;

namespace StudioManager.BrowserTests;

/// <summary>The books, in a real browser: an expense recorded with its receipt, found in the filtered list, then the
/// reports page with what the studio earned, is owed and spent, and a report's CSV. Every page is checked by
/// <see cref="BrowserTab"/> (axe-core, console, resources).</summary>
public abstract class ExpenseJourneyTests<TFactory>(BrowserFixture<TFactory> fx) where TFactory : StudioAppFactory, new()
{
    [Fact]
    public async Task ShouldRecordAnExpenseWithItsReceiptAndSeeItInTheReports()
    {
        var owner = await fx.App.RegisterStudioAsync("Books Room");
        var client = Invoicing.Id(await Booking.PostAsync(owner, "/clients", new { name = "Owing Band", email = StudioApi.NewEmail("band") }));
        await Invoicing.IssuedAsync(owner, client, Invoicing.Line("Mixing", 1, 100));
        await using var tab = await fx.OpenTabAsync();
        var page = tab.Page;

        await tab.GotoAsync("/login");
        await page.FillAsync("[data-test=email]", owner.Email);
        await page.FillAsync("[data-test=password]", owner.Password);
        await tab.ClickAsync("[data-test=submit]");

        await tab.ClickAsync("nav >> text=Expenses");
        await Assertions.Expect(page.Locator("[data-test=no-expenses]")).ToBeVisibleAsync();
        await tab.ClickAsync("[data-test=new-expense]");
        await page.SelectOptionAsync("[data-test=expense-category]", "Equipment");
        await page.FillAsync("[data-test=expense-vendor]", "Cable Shop");
        await page.FillAsync("[data-test=expense-amount]", "120");
        await page.FillAsync("[data-test=expense-tax]", "24");
        await tab.ClickAsync("[data-test=save-expense]");

        await Assertions.Expect(page.Locator("[data-test=no-receipt]")).ToBeVisibleAsync();
        var receipt = Path.Combine(Path.GetTempPath(), $"cables-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(receipt, ExpenseApiTests.Pdf);
        try
        {
            await page.SetInputFilesAsync("[data-test=receipt-file]", receipt);
            await tab.ClickAsync("[data-test=upload-receipt]");
        }
        finally { File.Delete(receipt); }
        await Assertions.Expect(page.Locator("[data-test=receipt-link]")).ToHaveTextAsync(Path.GetFileName(receipt));

        await tab.GotoAsync($"/s/{owner.Slug}/expenses?category=equipment");
        await Assertions.Expect(page.Locator("[data-test=expense-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-test=expense-row]")).ToContainTextAsync("Cable Shop");
        await tab.GotoAsync($"/s/{owner.Slug}/expenses?category=rent");
        await Assertions.Expect(page.Locator("[data-test=no-expenses]")).ToBeVisibleAsync();

        await tab.ClickAsync("nav >> text=Reports");
        await Assertions.Expect(page.Locator("[data-test=receivables-table]")).ToContainTextAsync("Owing Band");
        await Assertions.Expect(page.Locator("[data-test=receivables-table]")).ToContainTextAsync("120.00");
        await Assertions.Expect(page.Locator("[data-test=expense-table]")).ToContainTextAsync("Equipment");
        await Assertions.Expect(page.Locator("[data-test=expense-table]")).ToContainTextAsync("144.00"); // 120 + 24 tax
        await Assertions.Expect(page.Locator("[data-test=utilization-table]")).ToBeVisibleAsync();

        var csv = await page.APIRequest.GetAsync(await page.GetAttributeAsync("[data-test=expenses-csv]", "href") ?? "");
        Assert.True(csv.Ok, $"the expenses CSV answered {csv.Status}");
        Assert.Contains("144.00", await csv.TextAsync());
    }
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class ExpenseJourneyTests_Sqlite(SqliteBrowserFixture fx) : ExpenseJourneyTests<SqliteAppFactory>(fx);

[Collection(PostgresBrowserCollection.Name)]
public sealed class ExpenseJourneyTests_Postgres(PostgresBrowserFixture fx) : ExpenseJourneyTests<PostgresAppFactory>(fx);
