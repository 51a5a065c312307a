using System.Net;
using StudioManager.Tests.Identity;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Invoicing;

namespace StudioManager.Tests.Sales;

/// <summary>The invoice pages (static server rendering) run the same use cases as the API.</summary>
public abstract class InvoicePageTests(StudioAppFactory app)
{
    private async Task<Browser> SignInAsync(StudioSession s)
    {
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = s.Email, ["Input.Password"] = s.Password });
        return browser;
    }

    private static Dictionary<string, string> Lines(int client, string action, params (string Description, string Quantity, string Price, string Tax)[] lines)
    {
        var form = new Dictionary<string, string> { ["Model.ClientId"] = client.ToString(), ["Model.Action"] = action };
        for (var n = 0; n < lines.Length; n++)
        {
            form[$"Model.Lines[{n}].Description"] = lines[n].Description;
            form[$"Model.Lines[{n}].Quantity"] = lines[n].Quantity;
            form[$"Model.Lines[{n}].UnitPrice"] = lines[n].Price;
            form[$"Model.Lines[{n}].TaxRate"] = lines[n].Tax;
        }
        return form;
    }

    [Fact]
    public async Task ShouldEditLinesWithTotalsRecomputedOnEachPostAndSaveTheDraft()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s, "Page Client");
        var browser = await SignInAsync(s);
        var url = $"/s/{s.Slug}/invoices/new";

        var added = await browser.SubmitAsync(url, "invoice", Lines(client, "add-line", ("Mixing", "1", "100", "20")));
        var addedHtml = await added.Content.ReadAsStringAsync();
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(addedHtml, "data-test=\"line\"").Count);
        Assert.Contains("120.00 EUR", addedHtml); // the total of what was posted
        var refused = await browser.SubmitAsync(url, "invoice", Lines(client, "save", ("Mixing", "1", "100", "20"), ("", "1", "5", "20")));
        Assert.Contains("A description is required.", await refused.Content.ReadAsStringAsync());

        var saved = await browser.SubmitExpectingRedirectAsync(url, "invoice", Lines(client, "save", ("Mixing", "1", "100", "20"), ("Mastering", "1", "99.99", "10")));

        Assert.Matches($"^/s/{s.Slug}/invoices/\\d+$", saved);
        var invoice = await GetAsync(s, $"/invoices/{saved.Split('/').Last()}");
        Assert.Equal(229.99m, Money(invoice, "total"));
        var detail = await browser.GetHtmlAsync(saved);
        Assert.Contains("Tax 10 % on 99.99 EUR", detail);
        Assert.Contains("229.99 EUR", detail);
        var edit = await browser.GetHtmlAsync($"{saved}/edit");
        Assert.Contains("value=\"Mastering\"", edit);
    }

    [Fact]
    public async Task ShouldIssueTakePaymentsAndShowTheRefusalOfAnOverpayment()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s, "Paying Client");
        var draft = Id(await DraftAsync(s, client, Line("Recording", 1, 100m)));
        var browser = await SignInAsync(s);
        var url = $"/s/{s.Slug}/invoices/{draft}";

        await browser.SubmitAsync(url, "invoice-action", new Dictionary<string, string> { ["Action"] = "issue" });
        Assert.Equal("issued", (await GetAsync(s, $"/invoices/{draft}")).GetProperty("status").GetString());
        await browser.SubmitExpectingRedirectAsync(url, "add-payment", new Dictionary<string, string> { ["Amount"] = "20", ["Method"] = "Cash" });
        var over = await browser.SubmitAsync(url, "add-payment", new Dictionary<string, string> { ["Amount"] = "500", ["Method"] = "Card" });

        Assert.Contains("is more than the balance due (100.00 EUR)", await over.Content.ReadAsStringAsync());
        var html = await browser.GetHtmlAsync(url);
        Assert.Contains("Partially paid", html);
        Assert.Contains("100.00 EUR", html);
        var invoices = await browser.GetHtmlAsync($"/s/{s.Slug}/invoices?status=partially_paid&clientId={client}");
        Assert.Contains("INV-", invoices);
        var clientPage = await browser.GetHtmlAsync($"/s/{s.Slug}/clients/{client}");
        Assert.Contains("100.00 EUR on 1 invoice(s)", clientPage);

        var payment = (await GetAsync(s, $"/invoices/{draft}/payments"))[0].GetProperty("id").GetInt32();
        await browser.SubmitExpectingRedirectAsync(url, $"remove-payment-{payment}");
        Assert.Equal("issued", (await GetAsync(s, $"/invoices/{draft}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ShouldInvoiceACompletedSessionFromThePage()
    {
        var s = await app.RegisterStudioAsync();
        var room = await Booking.RoomAsync(s);
        var client = await Booking.ClientAsync(s, "Session Client");
        var session = await CompletedSessionAsync(s, room, client, day: 0, title: "Vocal takes");
        var browser = await SignInAsync(s);
        var url = $"/s/{s.Slug}/invoices/from-sessions?clientId={client}";
        Assert.Contains("Vocal takes", await browser.GetHtmlAsync(url));

        var created = await browser.SubmitExpectingRedirectAsync(url, "from-sessions", new Dictionary<string, string> { ["SessionIds"] = session.ToString() });

        var invoice = await GetAsync(s, $"/invoices/{created.Split('/').Last()}");
        Assert.Equal(session, invoice.GetProperty("items")[0].GetProperty("sessionId").GetInt32());
        Assert.Contains("no completed session left", await browser.GetHtmlAsync(url));
    }

    [Fact]
    public async Task ShouldManageTaxRatesAndThePrefixFromTheInvoicingPage()
    {
        var s = await app.RegisterStudioAsync();
        var browser = await SignInAsync(s);
        var url = $"/s/{s.Slug}/invoicing";

        await browser.SubmitExpectingRedirectAsync(url, "new-tax-rate", new Dictionary<string, string> { ["NewName"] = "VAT", ["NewRate"] = "20", ["NewIsDefault"] = "true" });
        var refused = await browser.SubmitAsync(url, "invoice-settings", new Dictionary<string, string> { ["Prefix"] = "no spaces", ["Terms"] = "14" });
        await browser.SubmitExpectingRedirectAsync(url, "invoice-settings", new Dictionary<string, string> { ["Prefix"] = "BR", ["Terms"] = "14" });

        Assert.Contains("The prefix is", await refused.Content.ReadAsStringAsync());
        var rate = Assert.Single((await GetAsync(s, "/tax-rates")).EnumerateArray());
        Assert.True(rate.GetProperty("isDefault").GetBoolean());
        Assert.Equal(("BR", 14), ((await GetAsync(s, "/invoice-settings")).GetProperty("invoicePrefix").GetString(), (await GetAsync(s, "/invoice-settings")).GetProperty("paymentTermsDays").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync($"/s/{s.Slug}/invoices/999999")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InvoicePageTests_Sqlite(SqliteAppFactory app) : InvoicePageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InvoicePageTests_Postgres(PostgresAppFactory app) : InvoicePageTests(app);
