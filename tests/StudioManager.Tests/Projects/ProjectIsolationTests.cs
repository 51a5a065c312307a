using System.Net;
using System.Net.Http.Json;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Projects;

/// <summary>A member of another studio gets 404 on every projects, tracks, audio, comments, credits, musicians and
/// shares endpoint (new ones are covered automatically), even with the ids of real records; anonymous callers get 401.</summary>
public abstract class ProjectIsolationTests(StudioAppFactory app)
{
    private static readonly string[] Prefixes = ["/projects", "/tracks", "/musicians", "/shares"];

    [Fact]
    public async Task ShouldAnswer404ToAnotherStudiosMemberAnd401ToAnonymousOnEveryProjectEndpoint()
    {
        var owner = await app.RegisterStudioAsync("Owner Projects");
        var outsider = await app.RegisterStudioAsync("Outsider Projects");
        var (_, projectId, trackId) = await TestAudio.ProjectWithTrackAsync(owner, "Secret Album");
        await TestAudio.UploadAsync(owner, trackId, "demo", TestAudio.Wav());
        var comment = await (await owner.Http.PostAsJsonAsync(owner.Api($"/tracks/{trackId}/comments"),
            new { versionKind = "demo", positionSeconds = 0.5, content = "secret comment" })).ReadJsonAsync();
        var credit = await (await owner.Http.PostAsJsonAsync(owner.Api($"/tracks/{trackId}/credits"),
            new { name = "Secret Singer", role = "performer", isPrimary = true })).ReadJsonAsync();
        var musician = await (await owner.Http.PostAsJsonAsync(owner.Api("/musicians"), new { name = "Secret Drummer" })).ReadJsonAsync();
        var ids = new Dictionary<string, int>
        {
            ["commentId"] = comment.GetProperty("id").GetInt32(), ["creditId"] = credit.GetProperty("id").GetInt32(),
        };

        var endpoints = StudioRoutes.Under(app, "/api/studios/{studio}")
            .Where(r => Prefixes.Any(p => r.Pattern.StartsWith("/api/studios/{studio}" + p))).ToList();
        Assert.True(endpoints.Count >= 27, $"only {endpoints.Count} project endpoints found");
        var anonymous = app.CreateClient();
        var failures = new List<string>();
        foreach (var route in endpoints)
        {
            var id = route.Pattern.Contains("/projects/") ? projectId : route.Pattern.Contains("/musicians/") ? musician.GetProperty("id").GetInt32() : trackId;
            var url = route.Pattern.Replace("{studio}", owner.Slug).Replace("{id:int}", id.ToString()).Replace("{kind}", "demo")
                .Replace("{commentId:int}", ids["commentId"].ToString()).Replace("{creditId:int}", ids["creditId"].ToString()).Replace("{shareId:int}", "1");
            var request = () => route.Multipart
                ? new HttpRequestMessage(new HttpMethod(route.Method), url) { Content = TestAudio.Upload(TestAudio.Wav()) }
                : StudioRoutes.Request(route, url);
            var asOutsider = await outsider.Http.SendAsync(request());
            var body = await asOutsider.Content.ReadAsStringAsync();
            if (asOutsider.StatusCode != HttpStatusCode.NotFound || body.Contains("secret", StringComparison.OrdinalIgnoreCase))
                failures.Add($"outsider {route.Method} {url}: {(int)asOutsider.StatusCode}");
            var asAnonymous = await anonymous.SendAsync(request());
            if (asAnonymous.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"anonymous {route.Method} {url}: {(int)asAnonymous.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Nothing changed in the owner's studio.
        var versions = await (await owner.Http.GetAsync(owner.Api($"/tracks/{trackId}/versions"))).ReadJsonAsync();
        Assert.Single(versions[0].GetProperty("revisions").EnumerateArray());
        Assert.Single((await (await owner.Http.GetAsync(owner.Api($"/tracks/{trackId}/comments"))).ReadJsonAsync()).EnumerateArray());
        Assert.Equal("Secret Album", (await (await owner.Http.GetAsync(owner.Api($"/projects/{projectId}"))).ReadJsonAsync()).GetProperty("name").GetString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ProjectIsolationTests_Sqlite(SqliteAppFactory app) : ProjectIsolationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ProjectIsolationTests_Postgres(PostgresAppFactory app) : ProjectIsolationTests(app);
