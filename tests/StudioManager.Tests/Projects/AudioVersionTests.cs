using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using StudioManager.Projects;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Projects;

public abstract class AudioVersionTests(StudioAppFactory app)
{
    private string AudioFolder(int studioId) => Path.Combine(app.DataPath, "studios", studioId.ToString(), "audio");

    [Fact]
    public async Task ShouldKeepEveryUploadAsTheNextRevisionWithItsFactsAndHash()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        var first = TestAudio.Wav(seconds: 2, rate: 8000, channels: 2, bits: 16);
        var second = TestAudio.Wav(seconds: 3, rate: 48000, channels: 1, bits: 24);

        var r1 = await TestAudio.UploadAsync(s, trackId, "rough_mix", first, "rough v1.wav");
        var response = await s.Http.PutAsync(s.Api($"/tracks/{trackId}/versions/rough_mix"), TestAudio.Upload(second, "rough v2.wav"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var r2 = await response.ReadJsonAsync();

        Assert.Equal(1, r1.GetProperty("revision").GetInt32());
        Assert.Equal(2, r2.GetProperty("revision").GetInt32());
        Assert.Equal($"/api/studios/{s.Slug}/tracks/{trackId}/versions/rough_mix/audio?revision=2", response.Headers.Location?.OriginalString);
        Assert.Equal("wav", r1.GetProperty("format").GetString());
        Assert.Equal(2.0, r1.GetProperty("durationSeconds").GetDouble(), 2);
        Assert.Equal(8000, r1.GetProperty("sampleRate").GetInt32());
        Assert.Equal(2, r1.GetProperty("channels").GetInt32());
        Assert.Equal(3.0, r2.GetProperty("durationSeconds").GetDouble(), 2);
        Assert.Equal(48000, r2.GetProperty("sampleRate").GetInt32());
        Assert.Equal(1, r2.GetProperty("channels").GetInt32());
        Assert.Equal(24, r2.GetProperty("bitsPerSample").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(second)), r2.GetProperty("sha256").GetString());
        Assert.Equal(second.Length, r2.GetProperty("sizeBytes").GetInt64());
        Assert.Equal("rough v2.wav", r2.GetProperty("fileName").GetString());

        var slots = await (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/versions"))).ReadJsonAsync();
        var rough = slots.EnumerateArray().Single(x => x.GetProperty("kind").GetString() == "rough_mix");
        Assert.Equal(2, rough.GetProperty("current").GetProperty("revision").GetInt32());
        Assert.Equal([2, 1], rough.GetProperty("revisions").EnumerateArray().Select(r => r.GetProperty("revision").GetInt32()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, slots[0].GetProperty("current").ValueKind);

        // Earlier revisions stay playable, byte for byte.
        Assert.Equal(first, await s.Http.GetByteArrayAsync(s.Api($"/tracks/{trackId}/versions/rough_mix/audio?revision=1")));
        Assert.Equal(second, await s.Http.GetByteArrayAsync(s.Api($"/tracks/{trackId}/versions/rough_mix/audio")));
        var track = await (await s.Http.GetAsync(s.Api($"/tracks/{trackId}"))).ReadJsonAsync();
        Assert.Equal(2, track.GetProperty("slots")[1].GetProperty("latestRevision").GetInt32());
    }

    [Fact]
    public async Task ShouldServeRangeRequestsWith206AndContentRange()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        var wav = TestAudio.Wav(seconds: 4);
        await TestAudio.UploadAsync(s, trackId, "master", wav);

        var request = new HttpRequestMessage(HttpMethod.Get, s.Api($"/tracks/{trackId}/versions/master/audio"));
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        var partial = await s.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal($"bytes 1000-1999/{wav.Length}", partial.Content.Headers.ContentRange?.ToString());
        Assert.Equal("audio/wav", partial.Content.Headers.ContentType?.MediaType);
        Assert.Equal(wav[1000..2000], await partial.Content.ReadAsByteArrayAsync());
        Assert.Contains("bytes", partial.Headers.AcceptRanges);

        var tail = new HttpRequestMessage(HttpMethod.Get, s.Api($"/tracks/{trackId}/versions/master/audio"));
        tail.Headers.Range = new RangeHeaderValue(null, 10);
        var end = await s.Http.SendAsync(tail);
        Assert.Equal(wav[^10..], await end.Content.ReadAsByteArrayAsync());

        var beyond = new HttpRequestMessage(HttpMethod.Get, s.Api($"/tracks/{trackId}/versions/master/audio"));
        beyond.Headers.Range = new RangeHeaderValue(wav.Length + 10, null);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await s.Http.SendAsync(beyond)).StatusCode);

        var download = await s.Http.GetAsync(s.Api($"/tracks/{trackId}/versions/master/audio?download=true"));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task ShouldComputeTheWaveformOncePerRevision()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        await TestAudio.UploadAsync(s, trackId, "demo", TestAudio.Wav(seconds: 4, rate: 8000));

        var waveform = await (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/versions/demo/waveform?revision=1"))).ReadJsonAsync();
        var peaks = waveform.GetProperty("peaks").EnumerateArray().Select(p => p.GetDouble()).ToArray();
        Assert.Equal(4.0, waveform.GetProperty("durationSeconds").GetDouble(), 2);
        Assert.True(peaks.Length > 50, $"{peaks.Length} peaks");
        // The sine (half scale) fills the first half, silence the second.
        Assert.All(peaks[..(peaks.Length / 2 - 2)], p => Assert.InRange(p, 0.4, 0.6));
        Assert.All(peaks[(peaks.Length / 2 + 2)..], p => Assert.Equal(0, p, 3));
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/versions/demo/waveform?revision=2"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/versions/master/waveform"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/versions/remix/waveform"))).StatusCode);
    }

    [Theory]
    [InlineData("mp3", "mp3")]
    [InlineData("flac", "flac")]
    [InlineData("ogg", "ogg")]
    [InlineData("m4a", "m4a")]
    [InlineData("aiff", "aiff")]
    public async Task ShouldRecogniseEachAcceptedFormatFromItsContent(string extension, string format)
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        // Named .wav on purpose: the content decides.
        var revision = await TestAudio.UploadAsync(s, trackId, "demo", TestAudio.Encoded(extension), "misnamed.wav");
        Assert.Equal(format, revision.GetProperty("format").GetString());
        Assert.Equal(44100, revision.GetProperty("sampleRate").GetInt32());
        Assert.Equal(2, revision.GetProperty("channels").GetInt32());
        Assert.InRange(revision.GetProperty("durationSeconds").GetDouble(), 0.95, 1.1);
        var waveform = await (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/versions/demo/waveform"))).ReadJsonAsync();
        Assert.NotEmpty(waveform.GetProperty("peaks").EnumerateArray());
    }

    [Fact]
    public async Task ShouldRefuseWhatIsNotAudioAndKeepNothing()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        var fakes = new Dictionary<string, byte[]>
        {
            ["song.wav"] = "This is a text file named like audio."u8.ToArray(),
            ["song.mp3"] = [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0, 0, 0, 0, 0, 0], // a PDF's start
            ["broken.wav"] = [.. "RIFF"u8, 0, 0, 0, 0, .. "WAVE"u8, .. "junk"u8, 0, 0, 0, 0],
            ["empty.wav"] = [],
        };
        foreach (var (name, content) in fakes)
        {
            var response = await s.Http.PutAsync(s.Api($"/tracks/{trackId}/versions/demo"), TestAudio.Upload(content, name));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("file", out _), name);
        }
        var noFile = await s.Http.PutAsync(s.Api($"/tracks/{trackId}/versions/demo"), TestAudio.Upload(TestAudio.Wav(), "x.wav", field: "other"));
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);

        await using var db = await app.TenantDbAsync(s.Slug);
        Assert.Equal(0, await db.AudioRevisions.CountAsync());
        Assert.False(Directory.Exists(AudioFolder(s.StudioId)) && Directory.EnumerateFiles(AudioFolder(s.StudioId), "*", SearchOption.AllDirectories).Any());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataPath, "tmp", "uploads")));
    }

    [Fact]
    public async Task ShouldStoreFilesUnderTheStudiosFolderWithNamesNeverTakenFromTheUpload()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        await TestAudio.UploadAsync(s, trackId, "final_mix", TestAudio.Wav(), "../../../etc/passwd.wav");
        var files = Directory.EnumerateFiles(AudioFolder(s.StudioId), "*", SearchOption.AllDirectories).ToList();
        var file = Assert.Single(files);
        Assert.StartsWith(Path.Combine(AudioFolder(s.StudioId), trackId.ToString(), "final_mix") + Path.DirectorySeparatorChar, file);
        Assert.DoesNotContain("passwd", file);
        await using var db = await app.TenantDbAsync(s.Slug);
        Assert.Equal("passwd.wav", (await db.AudioRevisions.SingleAsync()).FileName);
    }

    [Fact]
    public async Task ShouldNumberSimultaneousUploadsIntoOneSlotWithoutDuplicates()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            s.Http.PutAsync(s.Api($"/tracks/{trackId}/versions/demo"), TestAudio.Upload(TestAudio.Wav(seconds: 1)))));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        Assert.True(created >= 1);
        await using var db = await app.TenantDbAsync(s.Slug);
        var revisions = await db.AudioRevisions.Select(r => r.Revision).OrderBy(r => r).ToListAsync();
        Assert.Equal(Enumerable.Range(1, created), revisions);
        // A lost upload leaves no file behind.
        Assert.Equal(created, Directory.EnumerateFiles(AudioFolder(s.StudioId), "*", SearchOption.AllDirectories).Count());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AudioVersionTests_Sqlite(SqliteAppFactory app) : AudioVersionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AudioVersionTests_Postgres(PostgresAppFactory app) : AudioVersionTests(app);
