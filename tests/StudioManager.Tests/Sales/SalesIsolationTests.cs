using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Invoicing;

namespace StudioManager.Tests.Sales;

public abstract class SalesIsolationTests(StudioAppFactory app)
{
    private static readonly string[] Prefixes = ["/invoices", "/payments", "/tax-rates", "/invoice-settings", "/clients/{id:int}/balance", "/clients/{id:int}/invoiceable-sessions",
        "/contracts", "/contract-templates", "/quotes", "/expenses", "/reports"];

    /// <summary>Every sales endpoint of the app (new ones are covered automatically), with the owner's ids filled in.</summary>
    private List<(string Method, string Path)> SalesEndpoints(string slug, int invoiceId, int paymentId, int taxRateId, int clientId,
        int contractId, int templateId, int quoteId, int expenseId) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Pattern: e.RoutePattern.RawText ?? ""))
            .Where(e => Prefixes.Any(p => e.Pattern.StartsWith("/api/studios/{studio}" + p)))
            .SelectMany(e => (e.Endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.Pattern
                .Replace("{studio}", slug)
                .Replace("/invoices/{id:int}", $"/invoices/{invoiceId}").Replace("/payments/{id:int}", $"/payments/{paymentId}")
                .Replace("/tax-rates/{id:int}", $"/tax-rates/{taxRateId}").Replace("/clients/{id:int}", $"/clients/{clientId}")
                .Replace("/contracts/{id:int}", $"/contracts/{contractId}").Replace("/contract-templates/{id:int}", $"/contract-templates/{templateId}")
                .Replace("/quotes/{id:int}", $"/quotes/{quoteId}").Replace("/expenses/{id:int}", $"/expenses/{expenseId}"))))
            .ToList();

    private static HttpRequestMessage Request(string method, string path, int clientId) => new(new HttpMethod(method), path)
    {
        Content = method is "POST" or "PATCH"
            ? JsonContent.Create(new { clientId, sessionIds = new[] { 1 }, name = "Intruder", rate = 1, amount = 1, method = "cash", notes = "Intruder", invoicePrefix = "X", title = "Intruder", terms = "Intruder", value = 1, signerName = "Intruder", body = "Intruder",
                category = "other", vendor = "Intruder" })
            : method is "PUT" ? ExpenseApiTests.Upload(ExpenseApiTests.Pdf, "intruder.pdf")
            : null,
    };

    [Fact]
    public async Task ShouldAnswer404ToAnotherStudiosMemberAnd401ToAnonymousOnEverySalesEndpoint()
    {
        var owner = await app.RegisterStudioAsync("Owner Studio");
        var outsider = await app.RegisterStudioAsync("Outsider Studio");
        var client = await Booking.ClientAsync(owner, "Secret Client");
        var invoice = Id(await IssuedAsync(owner, client, Line("Secret line", 1, 100m)));
        var payment = Id(await (await PayAsync(owner, invoice, 10m)).ReadJsonAsync());
        var rate = Id(await Booking.PostAsync(owner, "/tax-rates", new { name = "Secret VAT", rate = 20 }));
        var contract = Invoicing.Id(await Contracting.SentAsync(owner, client, "Secret terms"));
        var template = Invoicing.Id(await Booking.PostAsync(owner, "/contract-templates", new { name = "Secret template", body = "Secret {{client.name}}" }));
        var quote = Id(await Quoting.AcceptedAsync(owner, client, Line("Secret quote line", 1, 100m)));
        var expense = Id(await ExpenseApiTests.ExpenseAsync(owner, "rent", 900m, vendor: "Secret Landlord"));
        await StudioApi.EnsureAsync(await owner.Http.PutAsync(owner.Api($"/expenses/{expense}/receipt"), ExpenseApiTests.Upload(ExpenseApiTests.Png, "secret.png")));
        var endpoints = SalesEndpoints(owner.Slug, invoice, payment, rate, client, contract, template, quote, expense);
        Assert.True(endpoints.Count >= 53, $"only {endpoints.Count} sales endpoints found");
        Assert.Equal(13, endpoints.Count(e => e.Path.Contains("/expenses") || e.Path.Contains("/reports/"))); // 8 expense and receipt routes, 5 reports

        var anonymous = app.CreateClient();
        foreach (var (method, path) in endpoints)
        {
            var asOutsider = await outsider.Http.SendAsync(Request(method, path, client));
            Assert.True(asOutsider.StatusCode == HttpStatusCode.NotFound, $"{method} {path} answered {(int)asOutsider.StatusCode} to a member of another studio");
            Assert.DoesNotContain("secret", await asOutsider.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            var asAnonymous = await anonymous.SendAsync(Request(method, path, client));
            Assert.True(asAnonymous.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)asAnonymous.StatusCode} to an anonymous caller");
        }

        // Nothing changed in the owner's studio.
        var still = await GetAsync(owner, $"/invoices/{invoice}");
        Assert.Equal("partially_paid", still.GetProperty("status").GetString());
        Assert.Equal(10m, Money(still, "amountPaid"));
        Assert.Equal(1, (await GetAsync(owner, "/invoices")).GetProperty("total").GetInt32());
        Assert.Single((await GetAsync(owner, "/tax-rates")).EnumerateArray());
        Assert.Equal("INV", (await GetAsync(owner, "/invoice-settings")).GetProperty("invoicePrefix").GetString());
        var stillSent = await GetAsync(owner, $"/contracts/{contract}");
        Assert.Equal(("sent", "Secret terms"), (stillSent.GetProperty("status").GetString(), stillSent.GetProperty("terms").GetString()));
        Assert.Equal(2, (await GetAsync(owner, "/contract-templates")).GetArrayLength());
        var stillQuote = await GetAsync(owner, $"/quotes/{quote}");
        Assert.Equal(("accepted", JsonValueKind.Null), (stillQuote.GetProperty("status").GetString(), stillQuote.GetProperty("invoiceId").ValueKind));
        Assert.Equal(1, (await GetAsync(owner, "/quotes")).GetProperty("total").GetInt32());
        var stillExpense = await GetAsync(owner, $"/expenses/{expense}");
        Assert.Equal(("Secret Landlord", "image/png"), (stillExpense.GetProperty("vendor").GetString(), stillExpense.GetProperty("receipt").GetProperty("contentType").GetString()));
        Assert.Equal(ExpenseApiTests.Png, await owner.Http.GetByteArrayAsync(owner.Api($"/expenses/{expense}/receipt")));
    }

    [Fact]
    public async Task ShouldNotFindAnotherStudiosInvoiceByIdInOnesOwnStudio()
    {
        var owner = await app.RegisterStudioAsync();
        var other = await app.RegisterStudioAsync();
        var invoice = Id(await IssuedAsync(owner, await Booking.ClientAsync(owner), Line("Theirs", 1, 100m)));
        await Booking.ClientAsync(other); // a client of the same id in the other studio

        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(other.Api($"/invoices/{invoice}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(other.Api($"/invoices/{invoice}/pdf"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PayAsync(other, invoice, 1m)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PostAsync(other.Api($"/invoices/{invoice}/void"), null)).StatusCode);
        var contract = Invoicing.Id(await Contracting.SentAsync(owner, await Booking.ClientAsync(owner)));
        Assert.Equal(HttpStatusCode.NotFound, (await Contracting.ActAsync(other, contract, "sign", new { signerName = "Intruder" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(other.Api($"/contracts/{contract}/pdf"))).StatusCode);
        Assert.Equal("sent", (await GetAsync(owner, $"/contracts/{contract}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ShouldNotFindAnotherStudiosQuoteByIdInOnesOwnStudio()
    {
        var owner = await app.RegisterStudioAsync();
        var other = await app.RegisterStudioAsync();
        var quote = Id(await Quoting.AcceptedAsync(owner, await Booking.ClientAsync(owner), Line("Theirs", 1, 100m)));
        await Booking.ClientAsync(other); // a client of the same id in the other studio

        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(other.Api($"/quotes/{quote}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(other.Api($"/quotes/{quote}/pdf"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PostAsJsonAsync(other.Api($"/quotes/{quote}/convert"), new { to = "invoice" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PatchAsJsonAsync(other.Api($"/quotes/{quote}"), new { notes = "x" })).StatusCode);
        Assert.Equal(0, (await GetAsync(other, "/quotes")).GetProperty("total").GetInt32());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SalesIsolationTests_Sqlite(SqliteAppFactory app) : SalesIsolationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SalesIsolationTests_Postgres(PostgresAppFactory app) : SalesIsolationTests(app);
