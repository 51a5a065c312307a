using System.Net;
using System.Net.Http.Json;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Invoicing;
using static StudioManager.Tests.Sales.Quoting;

namespace StudioManager.Tests.Sales;

/// <summary>Requests fired together: quote numbers stay consecutive and unique, a quote converts into one invoice; every
/// loser gets 409 (never 500).</summary>
public abstract class QuoteRaceTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldGiveTwentyQuotesCreatedAtOnceTwentyConsecutiveNumbers()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            s.Http.PostAsJsonAsync(s.Api("/quotes"), new { clientId = client, items = new[] { Line($"Line {i}", 1, 10m + i) } })));

        foreach (var r in responses) await StudioApi.EnsureAsync(r);
        var year = app.Clock.GetUtcNow().Year;
        var numbers = (await Task.WhenAll(responses.Select(r => r.ReadJsonAsync()))).Select(q => q.GetProperty("number").GetString()!).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"Q-{year}-{n:D4}"), numbers);
        Assert.Equal($"Q-{year}-0021", (await QuoteAsync(s, client, Line("Next", 1, 1m))).GetProperty("number").GetString());
    }

    [Fact]
    public async Task ShouldConvertIntoOneInvoiceWhenTwoConvertsArriveTogether()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var quote = Id(await AcceptedAsync(s, client, Line("Mixing", 1, 100m)));

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            s.Http.PostAsJsonAsync(s.Api($"/quotes/{quote}/convert"), new { to = "invoice" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
        Assert.Contains("already invoiced", (await loser.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(1, (await GetAsync(s, "/invoices")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ShouldAcceptOrRejectOnceWhenTenDecisionsArriveTogether()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var quote = Id(await QuoteAsync(s, client, Line("Mixing", 1, 100m)));
        await StudioApi.EnsureAsync(await s.Http.PostAsJsonAsync(s.Api($"/quotes/{quote}/send"), new { to = StudioApi.NewEmail("band") }));

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => s.Http.PostAsync(s.Api($"/quotes/{quote}/{(i % 2 == 0 ? "accept" : "reject")}"), null)));

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r != winner), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal((await winner.ReadJsonAsync()).GetProperty("status").GetString(), (await GetAsync(s, $"/quotes/{quote}")).GetProperty("status").GetString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class QuoteRaceTests_Sqlite(SqliteAppFactory app) : QuoteRaceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class QuoteRaceTests_Postgres(PostgresAppFactory app) : QuoteRaceTests(app);
