using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Clients;

public abstract class ClientApiTests(StudioAppFactory app)
{
    internal static async Task<JsonElement> CreateClientAsync(StudioSession s, object body)
    {
        var response = await s.Http.PostAsJsonAsync(s.Api("/clients"), body);
        await StudioApi.EnsureAsync(response);
        return await response.ReadJsonAsync();
    }

    private static async Task<JsonElement> ListAsync(StudioSession s, string query)
    {
        var response = await s.Http.GetAsync(s.Api("/clients" + query));
        await StudioApi.EnsureAsync(response);
        return await response.ReadJsonAsync();
    }

    private static string[] Names(JsonElement list) =>
        list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();

    [Fact]
    public async Task ShouldCreateReadAndDeleteClient()
    {
        var s = await app.RegisterStudioAsync();
        var response = await s.Http.PostAsJsonAsync(s.Api("/clients"), new
        {
            type = "company", name = "  Night Owl Records ", email = "Booking@NightOwl.example", phone = "+33 6 12 34 56 78",
            genres = new[] { "Electro", "House", "electro" }, currency = "eur", defaultDepositPercent = 30, paymentTermsDays = 45,
            website = "https://nightowl.example", isVip = true,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal($"/api/studios/{s.Slug}/clients/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Night Owl Records", created.GetProperty("name").GetString());
        Assert.Equal("company", created.GetProperty("type").GetString());
        Assert.Equal("EUR", created.GetProperty("currency").GetString());
        Assert.Equal(["Electro", "House"], created.GetProperty("genres").EnumerateArray().Select(g => g.GetString()));
        Assert.True(created.GetProperty("isActive").GetBoolean());

        var read = await (await s.Http.GetAsync(s.Api($"/clients/{id}"))).ReadJsonAsync();
        Assert.Equal("Booking@NightOwl.example", read.GetProperty("email").GetString());
        Assert.Equal(30m, read.GetProperty("defaultDepositPercent").GetDecimal());

        Assert.Equal(HttpStatusCode.NoContent, (await s.Http.DeleteAsync(s.Api($"/clients/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api($"/clients/{id}"))).StatusCode);
    }

    [Fact]
    public async Task ShouldPatchOnlyTheFieldsPresentAndClearNulls()
    {
        var s = await app.RegisterStudioAsync();
        var c = await CreateClientAsync(s, new { name = "Ana Lima", artistName = "Lima", email = "ana@example.com", phone = "0611223344", genres = new[] { "jazz" } });
        var id = c.GetProperty("id").GetInt32();

        var patched = await s.Http.PatchAsJsonAsync(s.Api($"/clients/{id}"), new { artistName = (string?)null, isVip = true, genres = new[] { "soul" } });
        await StudioApi.EnsureAsync(patched);
        var body = await patched.ReadJsonAsync();

        Assert.Equal(JsonValueKind.Null, body.GetProperty("artistName").ValueKind);
        Assert.True(body.GetProperty("isVip").GetBoolean());
        Assert.Equal("soul", Assert.Single(body.GetProperty("genres").EnumerateArray()).GetString());
        Assert.Equal("Ana Lima", body.GetProperty("name").GetString());
        Assert.Equal("ana@example.com", body.GetProperty("email").GetString());
        Assert.Equal("0611223344", body.GetProperty("phone").GetString());
        Assert.Equal(c.GetProperty("createdAt").GetDateTime(), body.GetProperty("createdAt").GetDateTime());

        // The search text follows the change: the old artist name no longer finds her, the new genre does.
        Assert.Empty(Names(await ListAsync(s, "?q=lima%20jazz")));
        Assert.Equal(["Ana Lima"], Names(await ListAsync(s, "?q=soul")));
    }

    [Fact]
    public async Task ShouldRejectInvalidClientNamingEachField()
    {
        var s = await app.RegisterStudioAsync();
        var response = await s.Http.PostAsJsonAsync(s.Api("/clients"), new
        {
            name = " ", email = "not-an-email", phone = "call me", currency = "EURO", defaultDepositPercent = 120,
            paymentTermsDays = 400, website = "ftp://example.com", streamingLinks = new[] { "spotify" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "name", "email", "phone", "currency", "defaultDepositPercent", "paymentTermsDays", "website", "streamingLinks" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");

        var patch = await s.Http.PatchAsJsonAsync(s.Api($"/clients/{(await CreateClientAsync(s, new { name = "Ok" })).GetProperty("id").GetInt32()}"), new { name = (string?)null });
        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        Assert.True((await patch.ReadJsonAsync()).GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task ShouldRefuseDuplicateEmailIgnoringCaseWith409NamingTheField()
    {
        var s = await app.RegisterStudioAsync();
        await CreateClientAsync(s, new { name = "First", email = "same@example.com", secondaryEmail = "first.two@example.com" });
        var other = await CreateClientAsync(s, new { name = "Second", email = "second@example.com" });

        var create = await s.Http.PostAsJsonAsync(s.Api("/clients"), new { name = "Copy", email = "SAME@example.com" });
        Assert.Equal(HttpStatusCode.Conflict, create.StatusCode);
        Assert.Equal("application/problem+json", create.Content.Headers.ContentType?.MediaType);
        Assert.Contains("First", (await create.ReadJsonAsync()).GetProperty("errors").GetProperty("email")[0].GetString());

        var update = await s.Http.PatchAsJsonAsync(s.Api($"/clients/{other.GetProperty("id").GetInt32()}"), new { email = "Same@Example.com" });
        Assert.Equal(HttpStatusCode.Conflict, update.StatusCode);

        // One address, one client, whichever of the two fields holds it.
        var secondary = await s.Http.PatchAsJsonAsync(s.Api($"/clients/{other.GetProperty("id").GetInt32()}"), new { secondaryEmail = "First.Two@example.com" });
        Assert.Equal(HttpStatusCode.Conflict, secondary.StatusCode);
        Assert.Contains("First", (await secondary.ReadJsonAsync()).GetProperty("errors").GetProperty("secondaryEmail")[0].GetString());
        var moved = await s.Http.PostAsJsonAsync(s.Api("/clients"), new { name = "Swap", email = "x@example.com", secondaryEmail = "SECOND@example.com" });
        Assert.Equal(HttpStatusCode.Conflict, moved.StatusCode);
        // A client may swap its own addresses, and a freed address may be taken.
        var first = (await ListAsync(s, "?q=first")).GetProperty("items")[0].GetProperty("id").GetInt32();
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api($"/clients/{first}"), new { email = "first.two@example.com", secondaryEmail = "same@example.com" }));
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api($"/clients/{first}"), new { secondaryEmail = (string?)null }));
        await CreateClientAsync(s, new { name = "Taker", email = "same@example.com" });

        // Another studio may have a client with the same email.
        var s2 = await app.RegisterStudioAsync();
        await CreateClientAsync(s2, new { name = "Elsewhere", email = "same@example.com" });
    }

    [Fact]
    public async Task ShouldSearchEveryWordAcrossNamesEmailsPhonesAndGenres()
    {
        var s = await app.RegisterStudioAsync();
        await CreateClientAsync(s, new { name = "Zoé Martin", artistName = "Zee", email = "zoe@martin.example", phone = "06 12 34 56 78", genres = new[] { "Hip-Hop" } });
        await CreateClientAsync(s, new { name = "Marc Dupont", artistName = "MC Marc", email = "marc@label.example", phone = "+44 20 7946 0000", genres = new[] { "Rock" } });
        await CreateClientAsync(s, new { name = "The Martins", email = "band@martins.example", genres = new[] { "rock", "folk" } });

        Assert.Equal(["Zoé Martin"], Names(await ListAsync(s, "?q=0612")));
        Assert.Equal(["Zoé Martin"], Names(await ListAsync(s, "?q=ZOE")));
        Assert.Equal(["Zoé Martin"], Names(await ListAsync(s, "?q=hip-hop")));
        Assert.Equal(["Marc Dupont", "The Martins"], Names(await ListAsync(s, "?q=rock")));
        Assert.Equal(["Zoé Martin", "The Martins"], Names(await ListAsync(s, "?q=martin&sort=-name")));
        Assert.Equal(["The Martins"], Names(await ListAsync(s, "?q=martin%20FOLK")));
        Assert.Equal(["Marc Dupont"], Names(await ListAsync(s, "?q=label.example")));
        Assert.Equal(["Marc Dupont"], Names(await ListAsync(s, "?q=mc%20marc")));
        Assert.Empty(Names(await ListAsync(s, "?q=martin%20jazz")));
        Assert.Empty(Names(await ListAsync(s, "?q=%25")));
    }

    [Fact]
    public async Task ShouldPageSortAndFilter()
    {
        var s = await app.RegisterStudioAsync();
        foreach (var (name, artist, vip, active) in new[] { ("delta", "Echo", false, true), ("Alpha", null, true, true), ("charlie", "Bravo", false, false), ("Bravo", "Alpha", true, true), ("echo", null, false, true) })
            await CreateClientAsync(s, new { name, artistName = artist, isVip = vip, isActive = active });

        var first = await ListAsync(s, "?pageSize=2");
        Assert.Equal(5, first.GetProperty("total").GetInt32());
        Assert.Equal(1, first.GetProperty("page").GetInt32());
        Assert.Equal(2, first.GetProperty("pageSize").GetInt32());
        Assert.Equal(["Alpha", "Bravo"], Names(first));
        Assert.Equal(["charlie", "delta"], Names(await ListAsync(s, "?pageSize=2&page=2")));
        Assert.Equal(["echo"], Names(await ListAsync(s, "?pageSize=2&page=3")));
        // The total of every page: counted when the page is full or empty, else read from the short last page.
        foreach (var (query, total) in new[] { ("?pageSize=2&page=2", 5), ("?pageSize=2&page=3", 5), ("?pageSize=2&page=4", 5),
                     ("?pageSize=5", 5), ("?pageSize=6", 5), ("?pageSize=4&page=2", 5), ("?status=archived", 1), ("?q=nobody", 0) })
            Assert.True(total == (await ListAsync(s, query)).GetProperty("total").GetInt32(), query);
        Assert.Equal(["echo", "delta", "charlie", "Bravo", "Alpha"], Names(await ListAsync(s, "?sort=-name")));
        // Clients without an artist name come last either way (ties in creation order, reversed when descending).
        Assert.Equal(["Bravo", "charlie", "delta", "Alpha", "echo"], Names(await ListAsync(s, "?sort=artistName")));
        Assert.Equal(["delta", "charlie", "Bravo", "echo", "Alpha"], Names(await ListAsync(s, "?sort=-artistName")));
        Assert.Equal(["echo", "Bravo", "charlie", "Alpha", "delta"], Names(await ListAsync(s, "?sort=-createdAt")));
        Assert.Equal(["charlie"], Names(await ListAsync(s, "?status=archived")));
        Assert.Equal(["Alpha", "Bravo"], Names(await ListAsync(s, "?status=active&vip=true")));
        Assert.Equal(200, (await ListAsync(s, "?pageSize=1000")).GetProperty("pageSize").GetInt32());

        var bad = await s.Http.GetAsync(s.Api("/clients?sort=password&status=deleted"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.ReadJsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("sort", out _));
        Assert.True(errors.TryGetProperty("status", out _));
    }

    [Fact]
    public async Task ShouldKeepNotesNewestFirstWithAuthorAndEditedAt()
    {
        var s = await app.RegisterStudioAsync();
        var id = (await CreateClientAsync(s, new { name = "Noted" })).GetProperty("id").GetInt32();
        var notes = s.Api($"/clients/{id}/notes");

        var first = await s.Http.PostAsJsonAsync(notes, new { note = "Prefers morning sessions." });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstNote = await first.ReadJsonAsync();
        var firstId = firstNote.GetProperty("id").GetInt32();
        Assert.Equal($"{notes}/{firstId}", first.Headers.Location?.OriginalString);
        Assert.Equal(s.UserId, firstNote.GetProperty("createdBy").GetInt32());
        Assert.Equal("Test User", firstNote.GetProperty("createdByName").GetString());
        Assert.Equal(JsonValueKind.Null, firstNote.GetProperty("editedAt").ValueKind);
        await StudioApi.EnsureAsync(await s.Http.PostAsJsonAsync(notes, new { note = "Paid the deposit." }));

        var list = (await (await s.Http.GetAsync(notes)).ReadJsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["Paid the deposit.", "Prefers morning sessions."], list.Select(n => n.GetProperty("note").GetString()));

        var edit = await s.Http.PatchAsJsonAsync($"{notes}/{firstId}", new { note = "Prefers afternoon sessions." });
        await StudioApi.EnsureAsync(edit);
        var edited = await edit.ReadJsonAsync();
        Assert.Equal("Prefers afternoon sessions.", edited.GetProperty("note").GetString());
        Assert.NotEqual(JsonValueKind.Null, edited.GetProperty("editedAt").ValueKind);
        Assert.Equal(firstNote.GetProperty("createdAt").GetDateTime(), edited.GetProperty("createdAt").GetDateTime());
        Assert.Equal("Test User", edited.GetProperty("createdByName").GetString());

        var empty = await s.Http.PostAsJsonAsync(notes, new { note = "   " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.ReadJsonAsync()).GetProperty("errors").TryGetProperty("note", out _));
        var tooLong = await s.Http.PostAsJsonAsync(notes, new { note = new string('x', 10_001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await s.Http.DeleteAsync($"{notes}/{firstId}")).StatusCode);
        Assert.Single((await (await s.Http.GetAsync(notes)).ReadJsonAsync()).EnumerateArray());

        // A note is reached only through its own client.
        var otherId = (await CreateClientAsync(s, new { name = "Other" })).GetProperty("id").GetInt32();
        var secondId = list[0].GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.DeleteAsync(s.Api($"/clients/{otherId}/notes/{secondId}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api("/clients/999999/notes"))).StatusCode);
    }

    [Fact]
    public async Task ShouldDeleteAClientWithItsNotes()
    {
        var s = await app.RegisterStudioAsync();
        var id = (await CreateClientAsync(s, new { name = "Gone" })).GetProperty("id").GetInt32();
        await StudioApi.EnsureAsync(await s.Http.PostAsJsonAsync(s.Api($"/clients/{id}/notes"), new { note = "bye" }));

        Assert.Equal(HttpStatusCode.NoContent, (await s.Http.DeleteAsync(s.Api($"/clients/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api($"/clients/{id}/notes"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.DeleteAsync(s.Api($"/clients/{id}"))).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ClientApiTests_Sqlite(SqliteAppFactory app) : ClientApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ClientApiTests_Postgres(PostgresAppFactory app) : ClientApiTests(app);
