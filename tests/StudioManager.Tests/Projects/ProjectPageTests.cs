using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Time;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Projects;

public abstract partial class ProjectPageTests(StudioAppFactory app)
{
    /// <summary>A browser-like client signed in with the registration cookie; its API writes carry the antiforgery token.</summary>
    private async Task<(HttpClient Http, StudioSession Api)> RegisterWithCookieAsync()
    {
        var email = StudioApi.NewEmail("pages");
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var response = await http.PostAsJsonAsync("/api/auth/register", new { email, password = "Passw0rd-test", name = "Page User", studioName = "Track Pages" });
        await StudioApi.EnsureAsync(response);
        var body = await response.ReadJsonAsync();
        var slug = body.GetProperty("studio").GetProperty("slug").GetString()!;
        return (http, new StudioSession(await app.LoginAsync(email, "Passw0rd-test"), email, "Passw0rd-test",
            body.GetProperty("user").GetProperty("id").GetInt32(), body.GetProperty("studio").GetProperty("id").GetInt32(), slug));
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient http, string pageUrl, string formName, Dictionary<string, string> fields)
    {
        var page = await http.GetStringAsync(pageUrl);
        var token = TokenInput().Match(page).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "no antiforgery token on " + pageUrl);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token, ["_handler"] = formName };
        return await http.PostAsync(pageUrl, new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("""name="__RequestVerificationToken"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="__RequestVerificationToken""")]
    private static partial Regex TokenInput();

    [Fact]
    public async Task ShouldShowProjectsTheirTracksSlotsAndTheClientsProjects()
    {
        var (http, s) = await RegisterWithCookieAsync();
        var (clientId, projectId, trackId) = await TestAudio.ProjectWithTrackAsync(s, "Velvet Nights");
        await TestAudio.UploadAsync(s, trackId, "rough_mix", TestAudio.Wav(seconds: 5));
        await TestAudio.UploadAsync(s, trackId, "rough_mix", TestAudio.Wav(seconds: 5));
        await StudioApi.EnsureAsync(await s.Http.PostAsJsonAsync(s.Api($"/tracks/{trackId}/comments"), new { versionKind = "rough_mix", positionSeconds = 2, content = "More reverb" }));

        Assert.Contains("Velvet Nights", await http.GetStringAsync($"/s/{s.Slug}/projects"));
        var detail = await http.GetStringAsync($"/s/{s.Slug}/projects/{projectId}");
        Assert.Matches(@"data-test=""slot-rough_mix"">\s*<a[^>]*>v2</a>\s*<span class=""badge""[^>]*>1 open</span>", detail);
        Assert.Matches(@"data-test=""slot-master"">\s*<span class=""muted"">—</span>", detail);
        Assert.Contains("Velvet Nights", await http.GetStringAsync($"/s/{s.Slug}/clients/{clientId}"));

        var track = await http.GetStringAsync($"/s/{s.Slug}/tracks/{trackId}");
        Assert.Contains($"/api/studios/{s.Slug}/tracks/{trackId}/versions/rough_mix/audio?revision=2", track);
        Assert.Contains("data-test=\"marker\"", track);
        Assert.Contains("More reverb", track);
        Assert.Equal(2, Regex.Matches(track, "data-test=\"revision\"").Count);
        var first = await http.GetStringAsync($"/s/{s.Slug}/tracks/{trackId}?version=rough_mix&revision=1");
        Assert.Contains("versions/rough_mix/audio?revision=1", first);
    }

    [Fact]
    public async Task ShouldCommentResolveAndCreditThroughTheTrackPage()
    {
        var (http, s) = await RegisterWithCookieAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        await TestAudio.UploadAsync(s, trackId, "demo", TestAudio.Wav(seconds: 5));
        var page = $"/s/{s.Slug}/tracks/{trackId}?version=demo";

        var tooLate = await PostFormAsync(http, page, "add-comment", new() { ["Position"] = "6", ["Content"] = "After the end" });
        Assert.Contains("data-test=\"error-positionSeconds\"", await tooLate.Content.ReadAsStringAsync());
        var ok = await PostFormAsync(http, $"{page}&at=1.25", "add-comment", new() { ["Position"] = "1.25", ["Content"] = "Snare too bright" });
        Assert.Contains("Snare too bright", await ok.Content.ReadAsStringAsync());
        var id = (await (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/comments"))).ReadJsonAsync())[0].GetProperty("id").GetInt32();
        await PostFormAsync(http, page, $"reply-{id}", new() { ["Reply"] = "Taken down 2 dB" });
        await PostFormAsync(http, page, $"thread-{id}", new());
        var thread = (await (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/comments"))).ReadJsonAsync())[0];
        Assert.Equal("resolved", thread.GetProperty("status").GetString());
        Assert.Equal("Taken down 2 dB", thread.GetProperty("replies")[0].GetProperty("content").GetString());

        var over = await PostFormAsync(http, page, "add-credit", new() { ["CreditName"] = "Greedy", ["CreditRole"] = "Producer", ["CreditSplit"] = "120" });
        Assert.Contains("data-test=\"error-splitPercent\"", await over.Content.ReadAsStringAsync());
        var credited = await PostFormAsync(http, page, "add-credit", new() { ["CreditName"] = "Sam Producer", ["CreditRole"] = "Producer", ["CreditSplit"] = "50", ["CreditPrimary"] = "true" });
        Assert.Contains("Sam Producer", await credited.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ShouldCreateShowOnceListAndRevokeShareLinksOnTheTrackAndProjectPages()
    {
        var (http, s) = await RegisterWithCookieAsync();
        var (_, projectId, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        await TestAudio.UploadAsync(s, trackId, "demo", TestAudio.Wav(seconds: 2));
        var page = $"/s/{s.Slug}/tracks/{trackId}?version=demo";
        Assert.Contains("data-test=\"no-shares\"", await http.GetStringAsync(page));

        var refused = await (await PostFormAsync(http, page, "create-share",
            new() { ["ShareVersion"] = "demo", ["SharePassword"] = "ab", ["ShareExpires"] = "2001-01-01T10:00" })).Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"error-password\"", refused);
        Assert.Contains("data-test=\"error-expiresAt\"", refused);

        var created = await (await PostFormAsync(http, page, "create-share", new()
        {
            ["ShareVersion"] = "demo", ["SharePassword"] = "open sesame", ["ShareMaxViews"] = "3", ["ShareAllowDownload"] = "true", ["ShareExpires"] = "2099-06-30T18:00",
        })).Content.ReadAsStringAsync();
        var url = WebUtility.HtmlDecode(ShareUrl().Match(created).Groups[1].Value);
        Assert.StartsWith($"http://studio.test/share/{s.Slug}.", url);
        var share = Assert.Single((await (await s.Http.GetAsync(s.Api($"/shares?trackId={trackId}"))).ReadJsonAsync()).EnumerateArray());
        Assert.Equal("demo", share.GetProperty("versionKind").GetString());
        Assert.True(share.GetProperty("hasPassword").GetBoolean());
        Assert.Equal(3, share.GetProperty("maxViews").GetInt32());
        Assert.True(share.GetProperty("allowDownload").GetBoolean());
        // The studio's wall clock turned into an instant.
        var zone = "";
        await app.InMasterAsync(async m => zone = await m.Organizations.Where(o => o.Id == s.StudioId).Select(o => o.TimeZone).SingleAsync());
        Assert.Equal(StudioTime.ToUtc(new DateTime(2099, 6, 30, 18, 0, 0), zone), share.GetProperty("expiresAt").GetDateTime().ToUniversalTime());

        // Shown once: the list shows the link, never its token again.
        var listed = await http.GetStringAsync(page);
        Assert.Single(Regex.Matches(listed, "data-test=\"share\""));
        Assert.DoesNotContain(url.Split('/')[^1], listed);

        var id = share.GetProperty("id").GetInt32();
        Assert.True((await PostFormAsync(http, page, $"revoke-share-{id}", new())).IsSuccessStatusCode);
        Assert.Equal("revoked", (await (await s.Http.GetAsync(s.Api($"/shares?trackId={trackId}"))).ReadJsonAsync())[0].GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Gone, (await http.GetAsync(new Uri(url).AbsolutePath)).StatusCode);

        var projectPage = $"/s/{s.Slug}/projects/{projectId}";
        Assert.Contains("data-test=\"share-url\"", await (await PostFormAsync(http, projectPage, "create-share", new())).Content.ReadAsStringAsync());
        var projectShare = Assert.Single((await (await s.Http.GetAsync(s.Api($"/shares?projectId={projectId}"))).ReadJsonAsync()).EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, projectShare.GetProperty("versionKind").ValueKind);
        Assert.False(projectShare.GetProperty("allowDownload").GetBoolean());
    }

    [GeneratedRegex(@"value=""([^""]+)""[^>]*data-test=""share-url""")]
    private static partial Regex ShareUrl();

    [Fact]
    public async Task ShouldEditArchiveAndDeleteAMusicianThroughItsPage()
    {
        var (http, s) = await RegisterWithCookieAsync();
        var created = await s.Http.PostAsJsonAsync(s.Api("/musicians"), new { name = "Ray Drums", instruments = new[] { "drums" }, rate = 300 });
        await StudioApi.EnsureAsync(created);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt32();
        Assert.Contains($"/s/{s.Slug}/musicians/{id}/edit", await http.GetStringAsync($"/s/{s.Slug}/musicians"));
        var page = $"/s/{s.Slug}/musicians/{id}/edit";
        Assert.Contains("value=\"drums\"", await http.GetStringAsync(page));

        var invalid = await (await PostFormAsync(http, page, "musician", new() { ["Model.Name"] = "", ["Model.Email"] = "nope" })).Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"error-name\"", invalid);
        Assert.Contains("data-test=\"error-email\"", invalid);

        var saved = await PostFormAsync(http, page, "musician", new()
        {
            ["Model.Name"] = "Ray Sticks", ["Model.Instruments"] = "drums, percussion", ["Model.Genres"] = "jazz", ["Model.Email"] = "ray@example.com",
            ["Model.Rate"] = "350", ["Model.Notes"] = "Brings his own kit", ["Model.IsActive"] = "false",
        });
        Assert.EndsWith($"/s/{s.Slug}/musicians", saved.RequestMessage!.RequestUri!.AbsolutePath);
        var musician = await (await s.Http.GetAsync(s.Api($"/musicians/{id}"))).ReadJsonAsync();
        Assert.Equal("Ray Sticks", musician.GetProperty("name").GetString());
        Assert.Equal(["drums", "percussion"], musician.GetProperty("instruments").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(350m, musician.GetProperty("rate").GetDecimal());
        Assert.False(musician.GetProperty("isActive").GetBoolean());

        // Credited on a track: deleting is refused with the reason, and the musician stays.
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        await StudioApi.EnsureAsync(await s.Http.PostAsJsonAsync(s.Api($"/tracks/{trackId}/credits"), new { musicianId = id, role = "performer" }));
        var refused = await (await PostFormAsync(http, page, "delete-musician", new())).Content.ReadAsStringAsync();
        Assert.Contains("credited on tracks", refused);
        Assert.Equal(HttpStatusCode.OK, (await s.Http.GetAsync(s.Api($"/musicians/{id}"))).StatusCode);

        var other = await s.Http.PostAsJsonAsync(s.Api("/musicians"), new { name = "Uncredited" });
        var otherId = (await other.ReadJsonAsync()).GetProperty("id").GetInt32();
        await PostFormAsync(http, $"/s/{s.Slug}/musicians/{otherId}/edit", "delete-musician", new());
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api($"/musicians/{otherId}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/s/{s.Slug}/musicians/{otherId}/edit")).StatusCode);
    }

    [Fact]
    public async Task ShouldAnswer404ToAnotherStudiosMemberOnEveryProjectPage()
    {
        var (_, s) = await RegisterWithCookieAsync();
        var (_, projectId, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        var musician = await s.Http.PostAsJsonAsync(s.Api("/musicians"), new { name = "Isolated" });
        var musicianId = (await musician.ReadJsonAsync()).GetProperty("id").GetInt32();
        var (outsider, _) = await RegisterWithCookieAsync();
        foreach (var path in new[] { "/projects", $"/projects/{projectId}", $"/tracks/{trackId}", "/musicians", $"/musicians/{musicianId}/edit" })
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/s/{s.Slug}{path}")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ProjectPageTests_Sqlite(SqliteAppFactory app) : ProjectPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ProjectPageTests_Postgres(PostgresAppFactory app) : ProjectPageTests(app);
