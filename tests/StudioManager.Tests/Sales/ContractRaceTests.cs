using System.Net;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Contracting;
using static StudioManager.Tests.Sales.Invoicing;

namespace StudioManager.Tests.Sales;

/// <summary>Requests fired together: a contract is signed once, numbers stay consecutive and unique; every loser gets
/// 409 (never 500).</summary>
public abstract class ContractRaceTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldSignOnceWhenTwoSignaturesArriveTogether()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var id = Id(await SentAsync(s, client));

        var responses = await Task.WhenAll(new[] { "Ana Lima", "Bruno Costa" }.Select(name => ActAsync(s, id, "sign", new { signerName = name })));

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
        var signed = await GetAsync(s, $"/contracts/{id}");
        Assert.Equal((await winner.ReadJsonAsync()).GetProperty("signature").GetProperty("signerName").GetString(),
            signed.GetProperty("signature").GetProperty("signerName").GetString());
        Assert.Equal(1, (await GetAsync(s, "/contracts")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ShouldGiveTwentyContractsCreatedAtOnceTwentyConsecutiveNumbers()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(n => Booking.PostAsync(s, "/contracts",
            new { clientId = client, title = $"Contract {n}", terms = "Terms.", value = n })));

        var year = app.Clock.GetUtcNow().Year;
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"C-{year}-{n:D4}"), responses.Select(c => c.GetProperty("number").GetString()!).Order());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ContractRaceTests_Sqlite(SqliteAppFactory app) : ContractRaceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ContractRaceTests_Postgres(PostgresAppFactory app) : ContractRaceTests(app);
