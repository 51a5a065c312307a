using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Platform;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Invoicing;
using static StudioManager.Tests.Sales.Quoting;

namespace StudioManager.Tests.Sales;

public abstract class QuoteApiTests(StudioAppFactory app)
{
    private int Year => app.Clock.GetUtcNow().Year;

    [Fact]
    public async Task ShouldCreateANumberedDraftWithTotalsPerTaxRate()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);

        var response = await s.Http.PostAsJsonAsync(s.Api("/quotes"), new
        {
            clientId = client, items = new[] { Line("Mixing", 1, 100m, 20), Line("Mastering", 1, 99.99m, 10), Line("Stems", 3, 12.345m, 20) },
        });
        var second = await QuoteAsync(s, client, Line("Editing", 1, 123.45m, 20));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var quote = await response.ReadJsonAsync();
        Assert.Equal($"/api/studios/{s.Slug}/quotes/{Id(quote)}", response.Headers.Location?.OriginalString);
        Assert.Equal($"Q-{Year}-0001", quote.GetProperty("number").GetString());
        Assert.Equal($"Q-{Year}-0002", second.GetProperty("number").GetString());
        Assert.Equal("draft", quote.GetProperty("status").GetString());
        Assert.Equal(30, quote.GetProperty("validityDays").GetInt32());
        Assert.Equal(JsonValueKind.Null, quote.GetProperty("validUntil").ValueKind);
        Assert.Equal([100.00m, 99.99m, 37.04m], quote.GetProperty("items").EnumerateArray().Select(i => Money(i, "amount")));
        var taxes = quote.GetProperty("taxLines").EnumerateArray().Select(t => (Money(t, "rate"), Money(t, "net"), Money(t, "tax"))).ToList();
        Assert.Equal([(10m, 99.99m, 10.00m), (20m, 137.04m, 27.41m)], taxes);
        Assert.Equal((237.03m, 37.41m, 274.44m), (Money(quote, "subtotal"), Money(quote, "taxTotal"), Money(quote, "total")));
        Assert.Equal((24.69m, 148.14m), (Money(second, "taxTotal"), Money(second, "total")));
    }

    [Fact]
    public async Task ShouldNameTheFieldsOfABadQuote()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var otherClient = await Booking.ClientAsync(s, "Other Band");
        var project = Id(await Booking.PostAsync(s, "/projects", new { clientId = otherClient, name = "Their album" }));

        var response = await s.Http.PostAsJsonAsync(s.Api("/quotes"), new
        {
            clientId = client, projectId = project, validityDays = 0, items = new object[] { Line("", 0, 1.23456m, 120) },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "items[0].description", "items[0].quantity", "items[0].unitPrice", "items[0].taxRate" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error on {field}: {errors}");
        var refused = await s.Http.PostAsJsonAsync(s.Api("/quotes"), new { clientId = client, projectId = project, validityDays = 0, items = Array.Empty<object>() });
        var fields = (await refused.ReadJsonAsync()).GetProperty("errors");
        Assert.True(fields.TryGetProperty("projectId", out _) && fields.TryGetProperty("validityDays", out _), fields.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.PostAsJsonAsync(s.Api("/quotes"), new { clientId = 999_999 })).StatusCode);
        // Refusals take no number.
        Assert.Equal($"Q-{Year}-0001", (await QuoteAsync(s, client, Line("Mixing", 1, 10m))).GetProperty("number").GetString());
    }

    [Fact]
    public async Task ShouldEditOnlyADraftAndMoveAlongTheLifecycle()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var id = Id(await QuoteAsync(s, client, Line("Mixing", 1, 100m)));

        var patched = await s.Http.PatchAsJsonAsync(s.Api($"/quotes/{id}"), new { validityDays = 10, notes = "Two revisions included.", items = new[] { Line("Mixing", 2, 100m) } });
        var untouched = await s.Http.PatchAsJsonAsync(s.Api($"/quotes/{id}"), new { notes = "Three revisions." });

        await StudioApi.EnsureAsync(patched);
        var quote = await untouched.ReadJsonAsync();
        Assert.Equal((10, "Three revisions.", 240.00m), (quote.GetProperty("validityDays").GetInt32(), quote.GetProperty("notes").GetString(), Money(quote, "total")));
        Assert.Equal(HttpStatusCode.Conflict, (await s.Http.PostAsync(s.Api($"/quotes/{id}/accept"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await s.Http.PostAsJsonAsync(s.Api($"/quotes/{id}/convert"), new { to = "invoice" })).StatusCode);

        var sent = await s.Http.PostAsJsonAsync(s.Api($"/quotes/{id}/send"), new { to = StudioApi.NewEmail("band") });

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        quote = await GetAsync(s, $"/quotes/{id}");
        Assert.Equal("sent", quote.GetProperty("status").GetString());
        // The studio's today (its zone, not UTC: the shared clock may stand past 23:00 UTC).
        var today = StudioManager.Infrastructure.Time.StudioTime.Today(app.Clock, StudioManager.Platform.StudioCreation.DefaultTimeZone);
        Assert.Equal(today.AddDays(10).ToString("yyyy-MM-dd"), quote.GetProperty("validUntil").GetString());
        var frozen = await s.Http.PatchAsJsonAsync(s.Api($"/quotes/{id}"), new { notes = "Too late" });
        Assert.Equal(HttpStatusCode.Conflict, frozen.StatusCode);
        Assert.Contains("This quote is sent: it cannot be changed.", (await frozen.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal("accepted", (await Booking.PostAsync(s, $"/quotes/{id}/accept", new { })).GetProperty("status").GetString());
        foreach (var action in new[] { "accept", "reject", "cancel", "send" })
            Assert.Equal(HttpStatusCode.Conflict, (await s.Http.PostAsync(s.Api($"/quotes/{id}/{action}"), null)).StatusCode);

        var other = Id(await QuoteAsync(s, client, Line("Mastering", 1, 50m)));
        Assert.Equal("cancelled", (await Booking.PostAsync(s, $"/quotes/{other}/cancel", new { })).GetProperty("status").GetString());
        var rejected = Id(await QuoteAsync(s, client, Line("Editing", 1, 50m)));
        await StudioApi.EnsureAsync(await s.Http.PostAsJsonAsync(s.Api($"/quotes/{rejected}/send"), new { to = StudioApi.NewEmail("band") }));
        Assert.Equal("rejected", (await Booking.PostAsync(s, $"/quotes/{rejected}/reject", new { })).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await s.Http.PostAsync(s.Api($"/quotes/{rejected}/cancel"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api("/quotes/999999"))).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await s.Http.DeleteAsync(s.Api($"/quotes/{other}"))).StatusCode);
    }

    [Fact]
    public async Task ShouldExpireASentQuoteAfterItsValidityAndFilterTheList()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var other = await Booking.ClientAsync(s, "Other Band");
        var id = Id(await Booking.PostAsync(s, "/quotes", new { clientId = client, validityDays = 1, items = new[] { Line("Mixing", 1, 100m) } }));
        var draft = Id(await QuoteAsync(s, other, Line("Mastering", 1, 50m)));
        await StudioApi.EnsureAsync(await s.Http.PostAsJsonAsync(s.Api($"/quotes/{id}/send"), new { to = StudioApi.NewEmail("band") }));
        Assert.Equal(1, (await GetAsync(s, "/quotes?status=sent")).GetProperty("total").GetInt32());

        app.Clock.Advance(TimeSpan.FromDays(2));
        s = s with { Http = await app.LoginAsync(s.Email, s.Password) }; // the token expired too

        Assert.Equal("expired", (await GetAsync(s, $"/quotes/{id}")).GetProperty("status").GetString());
        Assert.Equal(0, (await GetAsync(s, "/quotes?status=sent")).GetProperty("total").GetInt32());
        Assert.Equal(id, Id((await GetAsync(s, "/quotes?status=expired")).GetProperty("items")[0]));
        Assert.Equal(draft, Id((await GetAsync(s, $"/quotes?clientId={other}")).GetProperty("items").EnumerateArray().Single()));
        var number = (await GetAsync(s, $"/quotes/{draft}")).GetProperty("number").GetString()!;
        Assert.Equal(draft, Id((await GetAsync(s, $"/quotes?q={number.ToLowerInvariant()}")).GetProperty("items").EnumerateArray().Single()));
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.GetAsync(s.Api("/quotes?status=lost"))).StatusCode);
        var late = await s.Http.PostAsync(s.Api($"/quotes/{id}/accept"), null);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("expired", (await late.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal("cancelled", (await Booking.PostAsync(s, $"/quotes/{id}/cancel", new { })).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ShouldConvertAnAcceptedQuoteOnceIntoAnInvoiceAndOnceIntoAProject()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var quote = await AcceptedAsync(s, client, Line("Mixing", 2, 100m, 20), Line("Mastering", 1, 99.99m, 10));
        var id = Id(quote);

        var toInvoice = await Booking.PostAsync(s, $"/quotes/{id}/convert", new { to = "invoice" });
        var toProject = await Booking.PostAsync(s, $"/quotes/{id}/convert", new { to = "project", name = "The Band — EP" });

        var invoice = await GetAsync(s, $"/invoices/{toInvoice.GetProperty("invoiceId").GetInt32()}");
        Assert.Equal("draft", invoice.GetProperty("status").GetString());
        Assert.Equal(client, invoice.GetProperty("clientId").GetInt32());
        Assert.Equal(["Mixing", "Mastering"], invoice.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("description").GetString()));
        Assert.Equal(Money(quote, "total"), Money(invoice, "total"));
        Assert.Equal((id, quote.GetProperty("number").GetString()), (invoice.GetProperty("quoteId").GetInt32(), invoice.GetProperty("quoteNumber").GetString()));
        var project = await GetAsync(s, $"/projects/{toProject.GetProperty("projectId").GetInt32()}");
        Assert.Equal(("The Band — EP", client, 299.99m), (project.GetProperty("name").GetString(), project.GetProperty("clientId").GetInt32(), Money(project, "budget")));
        Assert.Equal(invoice.GetProperty("id").GetInt32(), toProject.GetProperty("invoiceId").GetInt32());
        foreach (var to in new[] { "invoice", "project" })
            Assert.Equal(HttpStatusCode.Conflict, (await s.Http.PostAsJsonAsync(s.Api($"/quotes/{id}/convert"), new { to })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.PostAsJsonAsync(s.Api($"/quotes/{id}/convert"), new { })).StatusCode);
        Assert.Equal(1, (await GetAsync(s, "/invoices")).GetProperty("total").GetInt32());

        // Deleting the draft invoice frees the quote to be invoiced again.
        await StudioApi.EnsureAsync(await s.Http.DeleteAsync(s.Api($"/invoices/{invoice.GetProperty("id").GetInt32()}")));
        Assert.Equal(JsonValueKind.Null, (await GetAsync(s, $"/quotes/{id}")).GetProperty("invoiceId").ValueKind);
        Assert.Equal(JsonValueKind.Number, (await Booking.PostAsync(s, $"/quotes/{id}/convert", new { to = "invoice" })).GetProperty("invoiceId").ValueKind);
    }

    [Fact]
    public async Task ShouldKeepQuotesFromEngineersAndProjectsFromAccountants()
    {
        var owner = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(owner);
        var id = Id(await AcceptedAsync(owner, client, Line("Mixing", 1, 100m)));
        var engineer = await app.AddMemberAsync(owner, "engineer");
        var accountant = await app.AddMemberAsync(owner, "accountant");

        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.GetAsync(owner.Api($"/quotes/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.GetAsync(owner.Api("/quotes"))).StatusCode);
        var project = await accountant.Http.PostAsJsonAsync(owner.Api($"/quotes/{id}/convert"), new { to = "project" });
        var invoice = await accountant.Http.PostAsJsonAsync(owner.Api($"/quotes/{id}/convert"), new { to = "invoice" });

        Assert.Equal(HttpStatusCode.Forbidden, project.StatusCode);
        Assert.Equal(HttpStatusCode.OK, invoice.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await GetAsync(owner, $"/quotes/{id}")).GetProperty("projectId").ValueKind);
        Assert.Equal(0, (await GetAsync(owner, "/projects")).GetProperty("total").GetInt32());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class QuoteApiTests_Sqlite(SqliteAppFactory app) : QuoteApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class QuoteApiTests_Postgres(PostgresAppFactory app) : QuoteApiTests(app);
