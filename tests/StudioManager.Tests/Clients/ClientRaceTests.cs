using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Clients;

/// <summary>Requests fired together: the database decides, exactly one wins, every loser gets 404 or 409 (never 500).</summary>
public abstract class ClientRaceTests(StudioAppFactory app)
{
    private const int Racers = 10;
    private const int Pairs = 50;

    private static async Task<int> CountWithEmailAsync(StudioSession s, string email) =>
        (await (await s.Http.GetAsync(s.Api($"/clients?status=all&q={Uri.EscapeDataString(email)}"))).ReadJsonAsync()).GetProperty("total").GetInt32();

    private static async Task<int> NewClientAsync(StudioSession s, string name) =>
        (await ClientApiTests.CreateClientAsync(s, new { name })).GetProperty("id").GetInt32();

    /// <summary>On a plan with a client limit, creates wait for each other to count (the check finds the winner); on
    /// an unlimited plan they do not, and the database's unique address decides.</summary>
    [Theory]
    [InlineData("trial")]
    [InlineData("enterprise")]
    public async Task ShouldCreateOneClientWhenTenRequestsShareAnEmail(string plan)
    {
        var s = await app.RegisterStudioAsync();
        await app.InMasterAsync(master => master.Organizations.Where(o => o.Id == s.StudioId).ExecuteUpdateAsync(o => o.SetProperty(x => x.PlanName, plan)));
        const string email = "race@example.com";

        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i =>
            s.Http.PostAsJsonAsync(s.Api("/clients"), new { name = $"Racer {i}", email = i % 2 == 0 ? email : email.ToUpperInvariant() })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
            Assert.Contains(email, (await loser.ReadJsonAsync()).GetProperty("errors").GetProperty("email")[0].GetString());
        }
        Assert.Equal(1, await CountWithEmailAsync(s, email));
    }

    [Fact]
    public async Task ShouldKeepAnAddressOnOneClientWhenRacersUseItAsFirstOrSecondEmail()
    {
        var s = await app.RegisterStudioAsync();
        const string email = "shared@example.com";

        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i => s.Http.PostAsJsonAsync(s.Api("/clients"),
            i % 2 == 0 ? new { name = $"First {i}", email = (string?)email, secondaryEmail = (string?)null } : new { name = $"Second {i}", email = (string?)$"own{i}@example.com", secondaryEmail = (string?)email })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await CountWithEmailAsync(s, email));
    }

    [Fact]
    public async Task ShouldGiveAnEmailToOneClientWhenTenUpdatesTakeItTogether()
    {
        var s = await app.RegisterStudioAsync();
        var ids = new List<int>();
        for (var i = 0; i < Racers; i++) ids.Add(await NewClientAsync(s, $"Taker {i}"));
        const string email = "wanted@example.com";

        var responses = await Task.WhenAll(ids.Select(id => s.Http.PatchAsJsonAsync(s.Api($"/clients/{id}"), new { email })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
            Assert.Contains(email, (await loser.ReadJsonAsync()).GetProperty("errors").GetProperty("email")[0].GetString());
        }
        Assert.Equal(1, await CountWithEmailAsync(s, email));
    }

    [Fact]
    public async Task ShouldAnswer404Or409ToAPatchRacingTheDeleteOfItsClient()
    {
        var s = await app.RegisterStudioAsync();
        var ids = new List<int>();
        for (var i = 0; i < Pairs; i++) ids.Add(await NewClientAsync(s, $"Doomed {i}"));

        var responses = await Task.WhenAll(ids.SelectMany(id => new[]
        {
            s.Http.PatchAsJsonAsync(s.Api($"/clients/{id}"), new { email = $"late{id}@example.com", isVip = true }),
            s.Http.DeleteAsync(s.Api($"/clients/{id}")),
        }));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.Conflict }));
        Assert.Equal(Pairs, responses.Count(r => r.StatusCode == HttpStatusCode.NoContent));
        Assert.Equal(0, (await (await s.Http.GetAsync(s.Api("/clients?status=all"))).ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ShouldAnswer404Or409ToANoteEditRacingItsDeletion()
    {
        var s = await app.RegisterStudioAsync();
        var id = await NewClientAsync(s, "Noted");
        var notes = new List<int>();
        for (var i = 0; i < Pairs; i++)
            notes.Add((await (await s.Http.PostAsJsonAsync(s.Api($"/clients/{id}/notes"), new { note = $"Note {i}" })).ReadJsonAsync()).GetProperty("id").GetInt32());

        var responses = await Task.WhenAll(notes.SelectMany(noteId => new[]
        {
            s.Http.PatchAsJsonAsync(s.Api($"/clients/{id}/notes/{noteId}"), new { note = "Edited meanwhile" }),
            s.Http.DeleteAsync(s.Api($"/clients/{id}/notes/{noteId}")),
        }));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.Conflict }));
        Assert.Equal(Pairs, responses.Count(r => r.StatusCode == HttpStatusCode.NoContent));
        Assert.Empty((await (await s.Http.GetAsync(s.Api($"/clients/{id}/notes"))).ReadJsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task ShouldAnswer404Or409ToANoteAddedWhileItsClientIsDeleted()
    {
        var s = await app.RegisterStudioAsync();
        var ids = new List<int>();
        for (var i = 0; i < Pairs; i++) ids.Add(await NewClientAsync(s, $"Leaving {i}"));

        var responses = await Task.WhenAll(ids.SelectMany(id => new[]
        {
            s.Http.PostAsJsonAsync(s.Api($"/clients/{id}/notes"), new { note = "Too late" }),
            s.Http.DeleteAsync(s.Api($"/clients/{id}")),
        }));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.Conflict }));
        Assert.Equal(Pairs, responses.Count(r => r.StatusCode == HttpStatusCode.NoContent));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ClientRaceTests_Sqlite(SqliteAppFactory app) : ClientRaceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ClientRaceTests_Postgres(PostgresAppFactory app) : ClientRaceTests(app);
