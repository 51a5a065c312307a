using Microsoft.Playwright;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Sales;
using StudioManager.Tests.Scheduling;

namespace StudioManager.BrowserTests;

/// <summary>An accountant's invoice, in a real browser: the invoices list, a draft written in the line editor, issued,
/// paid in part, the invoicing settings, the sessions to invoice and the client's balance. Every page is checked by
/// <see cref="BrowserTab"/> (axe-core, console, resources).</summary>
public abstract class SalesJourneyTests<TFactory>(BrowserFixture<TFactory> fx) where TFactory : StudioAppFactory, new()
{
    [Fact]
    public async Task ShouldWriteIssueAndPartlyPayAnInvoice()
    {
        var owner = await fx.App.RegisterStudioAsync("Money Room");
        var room = await Booking.RoomAsync(owner);
        var client = await Booking.ClientAsync(owner, "Invoiced Band");
        await Invoicing.CompletedSessionAsync(owner, room, client, day: 0, title: "Drum day");
        await using var tab = await fx.OpenTabAsync();
        var page = tab.Page;

        await tab.GotoAsync("/login");
        await page.FillAsync("[data-test=email]", owner.Email);
        await page.FillAsync("[data-test=password]", owner.Password);
        await tab.ClickAsync("[data-test=submit]");

        await tab.ClickAsync("nav >> text=Invoices");
        await tab.ClickAsync("[data-test=new-invoice]");
        await page.SelectOptionAsync("[data-test=invoice-client]", client.ToString());
        await page.FillAsync("[data-test=line-description]", "Mixing");
        await page.FillAsync("[data-test=line-price]", "100");
        await tab.ClickAsync("[data-test=add-line]");
        await page.Locator("[data-test=line-description]").Nth(1).FillAsync("Mastering");
        await page.Locator("[data-test=line-price]").Nth(1).FillAsync("50");
        await tab.ClickAsync("[data-test=update-totals]");
        await Assertions.Expect(page.Locator("[data-test=editor-total]")).ToHaveTextAsync("150.00 EUR");
        await tab.ClickAsync("[data-test=save]");

        await Assertions.Expect(page.Locator("[data-test=invoice-line]")).ToHaveCountAsync(2);
        await tab.ClickAsync("[data-test=issue]");
        await Assertions.Expect(page.Locator("[data-test=invoice-title]")).ToContainTextAsync("INV-");
        await page.FillAsync("[data-test=payment-amount]", "40");
        await tab.ClickAsync("[data-test=add-payment]");
        await Assertions.Expect(page.Locator("[data-test=payment-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-test=invoice-balance]")).ToHaveTextAsync("110.00 EUR");

        await tab.GotoAsync($"/s/{owner.Slug}/invoices?status=partially_paid");
        await Assertions.Expect(page.Locator("[data-test=invoice-row]")).ToHaveCountAsync(1);
        await tab.GotoAsync($"/s/{owner.Slug}/invoicing");
        await page.FillAsync("[data-test=tax-rate-name]", "VAT");
        await page.FillAsync("[data-test=tax-rate-percent]", "20");
        await tab.ClickAsync("[data-test=add-tax-rate]");
        await Assertions.Expect(page.Locator("[data-test=tax-rate]")).ToHaveCountAsync(1);
        await tab.GotoAsync($"/s/{owner.Slug}/invoices/from-sessions?clientId={client}");
        await tab.ClickAsync("[data-test=create-from-sessions]");
        await Assertions.Expect(page.Locator("[data-test=invoice-line]")).ToContainTextAsync("Drum day");
        await tab.GotoAsync($"/s/{owner.Slug}/clients/{client}");
        await Assertions.Expect(page.Locator("[data-test=client-balance]")).ToContainTextAsync("110.00 EUR");
    }
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class SalesJourneyTests_Sqlite(SqliteBrowserFixture fx) : SalesJourneyTests<SqliteAppFactory>(fx);

[Collection(PostgresBrowserCollection.Name)]
public sealed class SalesJourneyTests_Postgres(PostgresBrowserFixture fx) : SalesJourneyTests<PostgresAppFactory>(fx);
