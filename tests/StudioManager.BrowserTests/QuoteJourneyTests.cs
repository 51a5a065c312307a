using Microsoft.Playwright;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Sales;

namespace StudioManager.BrowserTests;

/// <summary>A quote, in a real browser: written in the line editor, sent, accepted and made into an invoice, then found
/// in the filtered list. Every page is checked by <see cref="BrowserTab"/> (axe-core, console, resources).</summary>
public abstract class QuoteJourneyTests<TFactory>(BrowserFixture<TFactory> fx) where TFactory : StudioAppFactory, new()
{
    [Fact]
    public async Task ShouldWriteSendAcceptAndInvoiceAQuote()
    {
        var owner = await fx.App.RegisterStudioAsync("Quote Room");
        var client = Invoicing.Id(await StudioManager.Tests.Scheduling.Booking.PostAsync(owner, "/clients", new { name = "Quoted Band", email = StudioApi.NewEmail("band") }));
        await using var tab = await fx.OpenTabAsync();
        var page = tab.Page;

        await tab.GotoAsync("/login");
        await page.FillAsync("[data-test=email]", owner.Email);
        await page.FillAsync("[data-test=password]", owner.Password);
        await tab.ClickAsync("[data-test=submit]");

        await tab.ClickAsync("nav >> text=Quotes");
        await tab.ClickAsync("[data-test=new-quote]");
        await page.SelectOptionAsync("[data-test=quote-client]", client.ToString());
        await page.FillAsync("[data-test=line-description]", "Mixing");
        await page.FillAsync("[data-test=line-price]", "100");
        await tab.ClickAsync("[data-test=add-line]");
        await page.Locator("[data-test=line-description]").Nth(1).FillAsync("Mastering");
        await page.Locator("[data-test=line-price]").Nth(1).FillAsync("50");
        await tab.ClickAsync("[data-test=update-totals]");
        await Assertions.Expect(page.Locator("[data-test=editor-total]")).ToHaveTextAsync("150.00 EUR");
        await tab.ClickAsync("[data-test=save]");

        await Assertions.Expect(page.Locator("[data-test=quote-line]")).ToHaveCountAsync(2);
        await tab.ClickAsync("[data-test=send]");
        await Assertions.Expect(page.Locator("[data-test=quote-status]")).ToHaveTextAsync("Sent");
        await tab.ClickAsync("[data-test=accept]");
        await Assertions.Expect(page.Locator("[data-test=quote-status]")).ToHaveTextAsync("Accepted");
        await tab.ClickAsync("[data-test=convert-invoice]");
        await tab.ClickAsync("[data-test=quote-invoice] >> a");
        await Assertions.Expect(page.Locator("[data-test=invoice-line]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-test=invoice-quote]")).ToContainTextAsync("Q-");

        await tab.GotoAsync($"/s/{owner.Slug}/quotes?status=accepted");
        await Assertions.Expect(page.Locator("[data-test=quote-row]")).ToHaveCountAsync(1);
    }
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class QuoteJourneyTests_Sqlite(SqliteBrowserFixture fx) : QuoteJourneyTests<SqliteAppFactory>(fx);

[Collection(PostgresBrowserCollection.Name)]
public sealed class QuoteJourneyTests_Postgres(PostgresBrowserFixture fx) : QuoteJourneyTests<PostgresAppFactory>(fx);
