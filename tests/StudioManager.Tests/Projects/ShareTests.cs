using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Projects;

public abstract partial class ShareTests(StudioAppFactory app)
{
    internal static async Task<string> ShareAsync(StudioSession s, object body)
    {
        var response = await s.Http.PostAsJsonAsync(s.Api("/shares"), body);
        await StudioApi.EnsureAsync(response);
        var url = (await response.ReadJsonAsync()).GetProperty("url").GetString()!;
        Assert.StartsWith("http://studio.test/share/", url);
        return new Uri(url).AbsolutePath;
    }

    private HttpClient Anonymous() => app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

    /// <summary>The page's audio links (with their ticket), as a browser would follow them.</summary>
    internal static List<string> AudioLinks(string html) =>
        AudioSrc().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [GeneratedRegex("""data-test="shared-audio"[^>]*|src="([^"]+)"[^>]*data-test="shared-audio""")]
    private static partial Regex AudioSrc();

    private static async Task<HttpResponseMessage> PostPasswordAsync(HttpClient http, string path, string password)
    {
        var page = await http.GetStringAsync(path);
        var token = Regex.Match(page, """name="__RequestVerificationToken"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="__RequestVerificationToken""").Groups[1].Value;
        return await http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "share-password", ["Password"] = password,
        }));
    }

    [Fact]
    public async Task ShouldPlayASharedVersionWithoutAnAccountStreamOnlyWithRange()
    {
        var s = await app.RegisterStudioAsync("Share Studio");
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        var wav = TestAudio.Wav(seconds: 3);
        await TestAudio.UploadAsync(s, trackId, "final_mix", wav);
        var path = await ShareAsync(s, new { trackId, versionKind = "final_mix", allowDownload = false });

        var anonymous = Anonymous();
        var html = await anonymous.GetStringAsync(path);
        Assert.Contains("Share Studio", html);
        var audio = Assert.Single(AudioLinks(html));
        var request = new HttpRequestMessage(HttpMethod.Get, audio);
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var partial = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(wav[100..200], await partial.Content.ReadAsByteArrayAsync());
        Assert.Null(partial.Content.Headers.ContentDisposition);
        Assert.DoesNotContain("shared-download", html);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(audio + "&download=true")).StatusCode);
        // Without the page's ticket, the audio is not served.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(Regex.Replace(audio, "ticket=[^&]+", "ticket=forged"))).StatusCode);
    }

    [Fact]
    public async Task ShouldAskForThePasswordAndCountViewsUpToTheLimit()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        await TestAudio.UploadAsync(s, trackId, "master", TestAudio.Wav());
        var path = await ShareAsync(s, new { trackId, password = "open sesame", maxViews = 2, allowDownload = true });

        var http = Anonymous();
        Assert.Contains("data-test=\"share-password-form\"", await http.GetStringAsync(path));
        Assert.Contains("The password is not right", await (await PostPasswordAsync(http, path, "wrong")).Content.ReadAsStringAsync());
        var first = await (await PostPasswordAsync(http, path, "open sesame")).Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"shared-download\"", first);
        var download = await http.GetAsync(AudioLinks(first)[0] + "&download=true");
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("shared-audio", await (await PostPasswordAsync(http, path, "open sesame")).Content.ReadAsStringAsync());
        var third = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Gone, third.StatusCode);
        Assert.Contains("viewed as many times as it allows", await third.Content.ReadAsStringAsync());

        var listed = (await (await s.Http.GetAsync(s.Api($"/shares?trackId={trackId}"))).ReadJsonAsync())[0];
        Assert.Equal(2, listed.GetProperty("views").GetInt32());
        Assert.Equal("used_up", listed.GetProperty("state").GetString());
        Assert.True(listed.GetProperty("hasPassword").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, listed.GetProperty("url").ValueKind);
    }

    [Fact]
    public async Task ShouldCountSimultaneousViewsUpToTheLimitAndNoFurther()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        await TestAudio.UploadAsync(s, trackId, "master", TestAudio.Wav());
        var path = await ShareAsync(s, new { trackId, maxViews = 3 });

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Anonymous().GetAsync(path)));

        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Gone, a.StatusCode));
        var listed = (await (await s.Http.GetAsync(s.Api($"/shares?trackId={trackId}"))).ReadJsonAsync())[0];
        Assert.Equal(3, listed.GetProperty("views").GetInt32());
    }

    [Fact]
    public async Task ShouldStopServingWhenExpiredOrRevoked()
    {
        var s = await app.RegisterStudioAsync();
        var (_, projectId, trackId) = await TestAudio.ProjectWithTrackAsync(s, "Whole Album");
        await TestAudio.UploadAsync(s, trackId, "demo", TestAudio.Wav());
        var expiring = await ShareAsync(s, new { projectId, expiresAt = app.Clock.GetUtcNow().AddHours(1), allowDownload = false });
        var revoked = await ShareAsync(s, new { projectId, allowDownload = false });

        var http = Anonymous();
        var html = await http.GetStringAsync(revoked);
        Assert.Contains("Whole Album", html);
        var audio = AudioLinks(html)[0];
        var shareId = (await (await s.Http.GetAsync(s.Api($"/shares?projectId={projectId}"))).ReadJsonAsync())[0].GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await s.Http.DeleteAsync(s.Api($"/shares/{shareId}"))).StatusCode);
        var gone = await http.GetAsync(revoked);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("revoked", await gone.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(audio)).StatusCode);

        var invalid = await s.Http.PostAsJsonAsync(s.Api("/shares"), new { trackId, projectId, allowDownload = false });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(expiring)).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(2));
        var expired = await http.GetAsync(expiring);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync());

    }

    [Fact]
    public async Task ShouldNeverServeAnotherStudiosFileWithAShareToken()
    {
        var a = await app.RegisterStudioAsync("Studio A");
        var b = await app.RegisterStudioAsync("Studio B");
        var (_, _, trackA) = await TestAudio.ProjectWithTrackAsync(a);
        var (_, _, trackB) = await TestAudio.ProjectWithTrackAsync(b);
        var wavA = TestAudio.Wav(seconds: 1);
        var wavB = TestAudio.Wav(seconds: 2);
        await TestAudio.UploadAsync(a, trackA, "demo", wavA);
        await TestAudio.UploadAsync(b, trackB, "demo", wavB);
        // Ids are per studio database: B's second revision has an id that A's studio does not have.
        var revisionB = (await TestAudio.UploadAsync(b, trackB, "demo", wavB)).GetProperty("id").GetInt32();
        var pathA = await ShareAsync(a, new { trackId = trackA, allowDownload = true });
        var pathB = await ShareAsync(b, new { trackId = trackB, allowDownload = true });

        var http = Anonymous();
        var audioA = AudioLinks(await http.GetStringAsync(pathA))[0];
        Assert.Equal(wavA, await http.GetByteArrayAsync(audioA));
        var secretA = pathA.Split('.')[1];
        // A's secret under B's name: the hash of the whole token is not in B's database.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/share/{b.Slug}.{secretA}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(audioA.Replace($"/share/{a.Slug}.", $"/share/{b.Slug}."))).StatusCode);
        // A's token and ticket with B's revision id: not a revision A's link shares.
        var ticketA = Regex.Match(audioA, "ticket=([^&]+)").Groups[1].Value;
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{pathA}/audio/{revisionB}?ticket={ticketA}")).StatusCode);
        // B's token with A's ticket.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{pathB}/audio/{revisionB}?ticket={ticketA}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/share/no-such-studio.abc")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ShareTests_Sqlite(SqliteAppFactory app) : ShareTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ShareTests_Postgres(PostgresAppFactory app) : ShareTests(app);
