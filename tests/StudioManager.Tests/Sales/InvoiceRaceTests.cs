using System.Net;
using System.Net.Http.Json;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Invoicing;

namespace StudioManager.Tests.Sales;

/// <summary>Requests fired together: numbers stay consecutive and unique, a session lands on one invoice, the balance
/// is never overpaid; every loser gets 409 or 400 (never 500).</summary>
public abstract class InvoiceRaceTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldGiveTwentyInvoicesIssuedAtOnceTwentyConsecutiveNumbers()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var drafts = new List<int>();
        for (var i = 0; i < 20; i++) drafts.Add(Id(await DraftAsync(s, client, Line($"Line {i}", 1, 10m + i))));

        var responses = await Task.WhenAll(drafts.Select(id => s.Http.PostAsync(s.Api($"/invoices/{id}/issue"), null)));

        foreach (var r in responses) await StudioApi.EnsureAsync(r);
        var year = app.Clock.GetUtcNow().Year;
        var numbers = (await Task.WhenAll(responses.Select(r => r.ReadJsonAsync()))).Select(i => i.GetProperty("number").GetString()!).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"INV-{year}-{n:D4}"), numbers);

        // Issuing again at once: one more number each for nothing, no gap, no duplicate.
        var again = await Task.WhenAll(drafts.Take(5).Select(id => s.Http.PostAsync(s.Api($"/invoices/{id}/issue"), null)));
        Assert.All(again, r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var next = await IssuedAsync(s, client, Line("Next", 1, 1m));
        Assert.Equal($"INV-{year}-0021", next.GetProperty("number").GetString());
    }

    [Fact]
    public async Task ShouldIssueADraftOnceWhenTenRequestsIssueItTogether()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var draft = Id(await DraftAsync(s, client, Line("Mixing", 1, 10m)));

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => s.Http.PostAsync(s.Api($"/invoices/{draft}/issue"), null)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.EndsWith("-0001", (await GetAsync(s, $"/invoices/{draft}")).GetProperty("number").GetString());
    }

    [Fact]
    public async Task ShouldPutASessionOnOneInvoiceWhenTwoInvoicesTakeItAtOnce()
    {
        var s = await app.RegisterStudioAsync();
        var room = await Booking.RoomAsync(s);
        var client = await Booking.ClientAsync(s);
        var session = await CompletedSessionAsync(s, room, client, day: 0);

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            s.Http.PostAsJsonAsync(s.Api("/invoices/from-sessions"), new { clientId = client, sessionIds = new[] { session } })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var loser = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
        Assert.Contains($"Session {session}", (await loser.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(1, (await GetAsync(s, $"/invoices?clientId={client}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ShouldNeverOverpayWhenTenPaymentsArriveTogether()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var invoice = Id(await IssuedAsync(s, client, Line("Recording", 1, 100m, 0)));

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PayAsync(s, invoice, 30m)));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        var after = await GetAsync(s, $"/invoices/{invoice}");
        Assert.Equal(90m, Money(after, "amountPaid"));
        Assert.Equal(3, (await GetAsync(s, $"/invoices/{invoice}/payments")).GetArrayLength());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InvoiceRaceTests_Sqlite(SqliteAppFactory app) : InvoiceRaceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InvoiceRaceTests_Postgres(PostgresAppFactory app) : InvoiceRaceTests(app);
