using System.Net;
using System.Net.Http.Json;
using StudioManager.Projects;
using StudioManager.Tests.Clients;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Platform;

namespace StudioManager.Tests.Projects;

public abstract class ProjectApiTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldCreateReadUpdateListAndDeleteProjectsAndTracks()
    {
        var s = await app.RegisterStudioAsync();
        var clientId = (await ClientApiTests.CreateClientAsync(s, new { name = "Les Ondes" })).GetProperty("id").GetInt32();
        var created = await s.Http.PostAsJsonAsync(s.Api("/projects"), new
        {
            clientId, name = " Night Drive ", type = "ep", status = "recording", startDate = "2026-03-01", targetDate = "2026-05-01",
            budget = 4500.50, includedRevisions = 3, label = "Indie Label", catalogNumber = "IL-001",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var project = await created.ReadJsonAsync();
        var id = project.GetProperty("id").GetInt32();
        Assert.Equal($"/api/studios/{s.Slug}/projects/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("Night Drive", project.GetProperty("name").GetString());
        Assert.Equal("Les Ondes", project.GetProperty("clientName").GetString());
        Assert.Equal("ep", project.GetProperty("type").GetString());
        Assert.Equal("2026-05-01", project.GetProperty("targetDate").GetString());
        Assert.Equal(4500.50m, project.GetProperty("budget").GetDecimal());

        var t1 = await (await s.Http.PostAsJsonAsync(s.Api($"/projects/{id}/tracks"), new { title = "Intro", bpm = 92, key = "A minor", isrc = "FR-Z03-26-00001" })).ReadJsonAsync();
        var t2 = await (await s.Http.PostAsJsonAsync(s.Api($"/projects/{id}/tracks"), new { title = "Drive" })).ReadJsonAsync();
        Assert.Equal(1, t1.GetProperty("number").GetInt32());
        Assert.Equal(2, t2.GetProperty("number").GetInt32());
        Assert.Equal("FRZ032600001", t1.GetProperty("isrc").GetString());
        Assert.Equal(["demo", "rough_mix", "final_mix", "master"], t1.GetProperty("slots").EnumerateArray().Select(x => x.GetProperty("kind").GetString()));

        var taken = await s.Http.PatchAsJsonAsync(s.Api($"/tracks/{t2.GetProperty("id").GetInt32()}"), new { number = 1 });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.True((await taken.ReadJsonAsync()).GetProperty("errors").TryGetProperty("number", out _));

        var patched = await (await s.Http.PatchAsJsonAsync(s.Api($"/projects/{id}"), new { status = "mixing", label = (string?)null })).ReadJsonAsync();
        Assert.Equal("mixing", patched.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, patched.GetProperty("label").ValueKind);
        Assert.Equal("IL-001", patched.GetProperty("catalogNumber").GetString());
        Assert.Equal(2, patched.GetProperty("trackCount").GetInt32());

        var byClient = await (await s.Http.GetAsync(s.Api($"/projects?clientId={clientId}"))).ReadJsonAsync();
        Assert.Equal(1, byClient.GetProperty("total").GetInt32());
        Assert.Equal(1, (await (await s.Http.GetAsync(s.Api("/projects?q=ondes"))).ReadJsonAsync()).GetProperty("total").GetInt32());
        Assert.Equal(0, (await (await s.Http.GetAsync(s.Api("/projects?status=delivered"))).ReadJsonAsync()).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.GetAsync(s.Api("/projects?status=nope"))).StatusCode);

        var tracks = await (await s.Http.GetAsync(s.Api($"/projects/{id}/tracks"))).ReadJsonAsync();
        Assert.Equal(["Intro", "Drive"], tracks.EnumerateArray().Select(t => t.GetProperty("title").GetString()));

        // A client with projects is archived, not deleted.
        Assert.Equal(HttpStatusCode.Conflict, (await s.Http.DeleteAsync(s.Api($"/clients/{clientId}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await s.Http.DeleteAsync(s.Api($"/projects/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api($"/tracks/{t1.GetProperty("id").GetInt32()}"))).StatusCode);
    }

    [Fact]
    public async Task ShouldRefuseInvalidProjectsNamingTheFields()
    {
        var s = await app.RegisterStudioAsync();
        var response = await s.Http.PostAsJsonAsync(s.Api("/projects"), new { clientId = 999_999, name = "", budget = -5, startDate = "2026-05-01", targetDate = "2026-04-01" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "name", "budget", "targetDate" }) Assert.True(errors.TryGetProperty(field, out _), field);
        var unknownClient = await s.Http.PostAsJsonAsync(s.Api("/projects"), new { clientId = 999_999, name = "Ghost" });
        Assert.True((await unknownClient.ReadJsonAsync()).GetProperty("errors").TryGetProperty("clientId", out _));
    }

    [Fact]
    public async Task ShouldHideMoneyFromEngineersAndLetAccountantsOnlyRead()
    {
        var owner = await app.RegisterStudioAsync();
        var (_, projectId, trackId) = await TestAudio.ProjectWithTrackAsync(owner);
        await StudioApi.EnsureAsync(await owner.Http.PatchAsJsonAsync(owner.Api($"/projects/{projectId}"), new { budget = 1000 }));
        var musician = await (await owner.Http.PostAsJsonAsync(owner.Api("/musicians"), new { name = "Session Bassist", instruments = new[] { "bass" }, rate = 300 })).ReadJsonAsync();
        var engineer = await app.AddMemberAsync(owner, "engineer");
        var accountant = await app.AddMemberAsync(owner, "accountant");

        var seen = await (await engineer.Http.GetAsync(engineer.Api($"/projects/{projectId}"))).ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, seen.GetProperty("budget").ValueKind);
        var bassist = await (await engineer.Http.GetAsync(engineer.Api($"/musicians/{musician.GetProperty("id").GetInt32()}"))).ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, bassist.GetProperty("rate").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, (await engineer.Http.PostAsJsonAsync(engineer.Api("/musicians"), new { name = "X", rate = 10 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await engineer.Http.PatchAsJsonAsync(engineer.Api($"/tracks/{trackId}"), new { bpm = 120 })).StatusCode);

        Assert.Equal(1000m, (await (await accountant.Http.GetAsync(accountant.Api($"/projects/{projectId}"))).ReadJsonAsync()).GetProperty("budget").GetDecimal());
        Assert.Equal(HttpStatusCode.Forbidden, (await accountant.Http.PatchAsJsonAsync(accountant.Api($"/tracks/{trackId}"), new { bpm = 100 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await accountant.Http.PutAsync(accountant.Api($"/tracks/{trackId}/versions/demo"), TestAudio.Upload(TestAudio.Wav()))).StatusCode);
    }

    [Fact]
    public async Task ShouldGiveExactlyOneOfTwoSimultaneousTracksTheSameNumber()
    {
        var s = await app.RegisterStudioAsync();
        var (_, projectId, _) = await TestAudio.ProjectWithTrackAsync(s);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => s.Http.PostAsJsonAsync(s.Api($"/projects/{projectId}/tracks"), new { title = $"T{i}", number = 7 })));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        await using var db = await app.TenantDbAsync(s.Slug);
        Assert.Equal(1, db.Tracks.Count(t => t.Number == 7));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ProjectApiTests_Sqlite(SqliteAppFactory app) : ProjectApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ProjectApiTests_Postgres(PostgresAppFactory app) : ProjectApiTests(app);
