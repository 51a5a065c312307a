using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Projects;

public abstract class CommentAndCreditTests(StudioAppFactory app)
{
    private static async Task<JsonElement> CommentAsync(StudioSession s, int trackId, object body)
    {
        var response = await s.Http.PostAsJsonAsync(s.Api($"/tracks/{trackId}/comments"), body);
        await StudioApi.EnsureAsync(response);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task ShouldPinCommentsInTimeOrderThemByPositionAndThreadReplies()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        await TestAudio.UploadAsync(s, trackId, "rough_mix", TestAudio.Wav(seconds: 10));

        var late = await CommentAsync(s, trackId, new { versionKind = "rough_mix", positionSeconds = 7.125, content = "Vocals too loud here" });
        var early = await CommentAsync(s, trackId, new { versionKind = "rough_mix", positionSeconds = 1.5, content = "Kick is muddy" });
        var reply = await CommentAsync(s, trackId, new { content = "Fixed in v2", parentId = early.GetProperty("id").GetInt32() });
        Assert.Equal(7.125, late.GetProperty("positionSeconds").GetDouble());
        Assert.Equal(1, late.GetProperty("revision").GetInt32());
        Assert.Equal(1.5, reply.GetProperty("positionSeconds").GetDouble());
        Assert.Equal("rough_mix", reply.GetProperty("versionKind").GetString());

        var threads = await (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/comments?version=rough_mix"))).ReadJsonAsync();
        Assert.Equal(["Kick is muddy", "Vocals too loud here"], threads.EnumerateArray().Select(t => t.GetProperty("content").GetString()));
        Assert.Equal("Fixed in v2", threads[0].GetProperty("replies")[0].GetProperty("content").GetString());
        Assert.Empty((await (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/comments?version=master"))).ReadJsonAsync()).EnumerateArray());

        var edited = await (await s.Http.PatchAsJsonAsync(s.Api($"/tracks/{trackId}/comments/{late.GetProperty("id").GetInt32()}"), new { content = "Vocals 2 dB too loud" })).ReadJsonAsync();
        Assert.NotEqual(JsonValueKind.Null, edited.GetProperty("editedAt").ValueKind);
        var resolved = await (await s.Http.PatchAsJsonAsync(s.Api($"/tracks/{trackId}/comments/{early.GetProperty("id").GetInt32()}"), new { status = "resolved" })).ReadJsonAsync();
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, resolved.GetProperty("editedAt").ValueKind);
        var track = await (await s.Http.GetAsync(s.Api($"/tracks/{trackId}"))).ReadJsonAsync();
        Assert.Equal(1, track.GetProperty("slots")[1].GetProperty("openComments").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await s.Http.DeleteAsync(s.Api($"/tracks/{trackId}/comments/{early.GetProperty("id").GetInt32()}"))).StatusCode);
        var left = await (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/comments"))).ReadJsonAsync();
        Assert.Single(left.EnumerateArray());
        Assert.Empty(left[0].GetProperty("replies").EnumerateArray());
    }

    [Theory]
    [InlineData(10.001, "positionSeconds")]
    [InlineData(-1, "positionSeconds")]
    [InlineData(1.0005, "positionSeconds")]
    public async Task ShouldRefuseAPositionOutsideTheAudioOrFinerThanAMillisecond(double position, string field)
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        await TestAudio.UploadAsync(s, trackId, "demo", TestAudio.Wav(seconds: 10));
        var response = await s.Http.PostAsJsonAsync(s.Api($"/tracks/{trackId}/comments"), new { versionKind = "demo", positionSeconds = position, content = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
        var atEnd = await s.Http.PostAsJsonAsync(s.Api($"/tracks/{trackId}/comments"), new { versionKind = "demo", positionSeconds = 10.0, content = "the end" });
        Assert.Equal(HttpStatusCode.Created, atEnd.StatusCode);
        var noAudio = await s.Http.PostAsJsonAsync(s.Api($"/tracks/{trackId}/comments"), new { versionKind = "master", positionSeconds = 1, content = "x" });
        Assert.True((await noAudio.ReadJsonAsync()).GetProperty("errors").TryGetProperty("versionKind", out _));
    }

    [Fact]
    public async Task ShouldKeepEachKindOfSplitsWithin100PercentNamingTheExcess()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        var musician = await (await s.Http.PostAsJsonAsync(s.Api("/musicians"), new { name = "Maya Keys", instruments = new[] { "piano" } })).ReadJsonAsync();
        var byMusician = await (await s.Http.PostAsJsonAsync(s.Api($"/tracks/{trackId}/credits"),
            new { musicianId = musician.GetProperty("id").GetInt32(), role = "composer", isPrimary = true, splitPercent = 60 })).ReadJsonAsync();
        Assert.Equal("Maya Keys", byMusician.GetProperty("name").GetString());
        await StudioApi.EnsureAsync(await s.Http.PostAsJsonAsync(s.Api($"/tracks/{trackId}/credits"), new { name = "Jo Words", role = "lyricist", isPrimary = false, splitPercent = 30 }));
        // Master splits are another kind: 100 % of them is still free.
        await StudioApi.EnsureAsync(await s.Http.PostAsJsonAsync(s.Api($"/tracks/{trackId}/credits"), new { name = "The Band", role = "performer", isPrimary = true, splitPercent = 100 }));

        var over = await s.Http.PostAsJsonAsync(s.Api($"/tracks/{trackId}/credits"), new { name = "Late Writer", role = "composer", isPrimary = false, splitPercent = 25 });
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        var message = (await over.ReadJsonAsync()).GetProperty("errors").GetProperty("splitPercent")[0].GetString();
        Assert.Contains("115 %", message);
        Assert.Contains("15 % too many", message);

        var patchOver = await s.Http.PatchAsJsonAsync(s.Api($"/tracks/{trackId}/credits/{byMusician.GetProperty("id").GetInt32()}"), new { splitPercent = 80 });
        Assert.Equal(HttpStatusCode.BadRequest, patchOver.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Http.PatchAsJsonAsync(s.Api($"/tracks/{trackId}/credits/{byMusician.GetProperty("id").GetInt32()}"), new { splitPercent = 70 })).StatusCode);
        Assert.Equal(3, (await (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/credits"))).ReadJsonAsync()).GetArrayLength());
        // A credited musician stays in the catalogue.
        Assert.Equal(HttpStatusCode.Conflict, (await s.Http.DeleteAsync(s.Api($"/musicians/{musician.GetProperty("id").GetInt32()}"))).StatusCode);
    }

    [Fact]
    public async Task ShouldLetOnlyOneOfSimultaneousCreditsTakeTheLastSplit()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            s.Http.PostAsJsonAsync(s.Api($"/tracks/{trackId}/credits"), new { name = $"Producer {i}", role = "producer", isPrimary = false, splitPercent = 60 })));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Single((await (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/credits"))).ReadJsonAsync()).EnumerateArray());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CommentAndCreditTests_Sqlite(SqliteAppFactory app) : CommentAndCreditTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CommentAndCreditTests_Postgres(PostgresAppFactory app) : CommentAndCreditTests(app);
