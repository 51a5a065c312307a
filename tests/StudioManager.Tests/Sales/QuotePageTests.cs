using StudioManager.Tests.Identity;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Invoicing;

namespace StudioManager.Tests.Sales;

/// <summary>The quote pages (static server rendering) run the same use cases as the API.</summary>
public abstract class QuotePageTests(StudioAppFactory app)
{
    private async Task<Browser> SignInAsync(StudioSession s)
    {
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = s.Email, ["Input.Password"] = s.Password });
        return browser;
    }

    private static Dictionary<string, string> Form(int client, string action, params (string Description, string Quantity, string Price, string Tax)[] lines)
    {
        var form = new Dictionary<string, string> { ["Model.ClientId"] = client.ToString(), ["Model.ValidityDays"] = "14", ["Model.Action"] = action };
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
    public async Task ShouldWriteAQuoteInTheLineEditorSendAcceptAndInvoiceIt()
    {
        var s = await app.RegisterStudioAsync();
        var client = Id(await Clients.ClientApiTests.CreateClientAsync(s, new { name = "Quoted Band", email = StudioApi.NewEmail("band") }));
        var browser = await SignInAsync(s);
        var url = $"/s/{s.Slug}/quotes/new";

        var added = await browser.SubmitAsync(url, "quote", Form(client, "add-line", ("Mixing", "1", "100", "20")));
        var addedHtml = await added.Content.ReadAsStringAsync();
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(addedHtml, "data-test=\"line\"").Count);
        Assert.Contains("120.00 EUR", addedHtml);
        var refused = await browser.SubmitAsync(url, "quote", Form(client, "save", ("Mixing", "1", "100", "20"), ("", "1", "5", "20")));
        Assert.Contains("A description is required.", await refused.Content.ReadAsStringAsync());

        var saved = await browser.SubmitExpectingRedirectAsync(url, "quote", Form(client, "save", ("Mixing", "1", "100", "20"), ("Mastering", "1", "99.99", "10")));

        Assert.Matches($"^/s/{s.Slug}/quotes/\\d+$", saved);
        var id = int.Parse(saved.Split('/').Last());
        var quote = await GetAsync(s, $"/quotes/{id}");
        Assert.Equal((229.99m, 14), (Money(quote, "total"), quote.GetProperty("validityDays").GetInt32()));
        var detail = await browser.GetHtmlAsync(saved);
        Assert.Contains("Tax 10 % on 99.99 EUR", detail);
        Assert.Contains("value=\"Mastering\"", await browser.GetHtmlAsync($"{saved}/edit"));

        foreach (var action in new[] { "send", "accept", "invoice" })
            await browser.SubmitAsync(saved, "quote-action", new Dictionary<string, string> { ["Action"] = action });

        quote = await GetAsync(s, $"/quotes/{id}");
        Assert.Equal("accepted", quote.GetProperty("status").GetString());
        var invoice = quote.GetProperty("invoiceId").GetInt32();
        Assert.Contains($"/invoices/{invoice}", await browser.GetHtmlAsync(saved));
        var refusedAgain = await browser.SubmitAsync(saved, "quote-action", new Dictionary<string, string> { ["Action"] = "cancel" });
        Assert.Contains("This quote is accepted: it cannot be cancelled.", await refusedAgain.Content.ReadAsStringAsync());
        Assert.Contains("This quote is sent: only drafts are edited.", await browser.GetHtmlAsync($"{saved}/edit"));
        var list = await browser.GetHtmlAsync($"/s/{s.Slug}/quotes?status=accepted&clientId={client}");
        Assert.Contains(quote.GetProperty("number").GetString()!, list);
        Assert.Contains("data-test=\"no-quotes\"", await browser.GetHtmlAsync($"/s/{s.Slug}/quotes?status=rejected"));
        Assert.Contains(quote.GetProperty("number").GetString()!, await browser.GetHtmlAsync($"/s/{s.Slug}/clients/{client}"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class QuotePageTests_Sqlite(SqliteAppFactory app) : QuotePageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class QuotePageTests_Postgres(PostgresAppFactory app) : QuotePageTests(app);
