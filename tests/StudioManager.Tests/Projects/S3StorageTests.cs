using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StudioManager.Projects;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Projects;

/// <summary>The audio paths with Storage:Provider=S3, against a real S3-compatible server (s3rver) over S3's wire
/// protocol: objects under the app's keys, ranged playback, multipart uploads, deletion, shares.</summary>
public abstract class S3StorageTests(S3AppFactory app)
{
    private async Task<List<S3Object>> ObjectsAsync(int studioId)
    {
        using var s3 = S3Server.Shared.Client();
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3Server.Bucket, Prefix = $"{app.KeyPrefix}studios/{studioId}/" });
        return listed.S3Objects ?? [];
    }

    private static HttpRequestMessage Ranged(string url, long? from, long? to) =>
        new(HttpMethod.Get, url) { Headers = { Range = new RangeHeaderValue(from, to) } };

    [Fact]
    public async Task ShouldStoreUploadsInTheBucketAndPlayThemWithRanges()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        var wav = TestAudio.Wav(seconds: 4);
        await TestAudio.UploadAsync(s, trackId, "master", wav, "../master.wav");

        var stored = Assert.Single(await ObjectsAsync(s.StudioId));
        Assert.Matches($"^{app.KeyPrefix}studios/{s.StudioId}/audio/{trackId}/master/1-[0-9a-f]{{32}}\\.wav$", stored.Key);
        Assert.Equal(wav.Length, stored.Size);
        Assert.False(Directory.Exists(Path.Combine(app.DataPath, "studios", s.StudioId.ToString(), "audio")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataPath, "tmp", "uploads")));

        var url = s.Api($"/tracks/{trackId}/versions/master/audio");
        Assert.Equal(wav, await s.Http.GetByteArrayAsync(url));
        var partial = await s.Http.SendAsync(Ranged(url, 1000, 1999));
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal($"bytes 1000-1999/{wav.Length}", partial.Content.Headers.ContentRange?.ToString());
        Assert.Equal(wav[1000..2000], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal(wav[^10..], await (await s.Http.SendAsync(Ranged(url, null, 10))).Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await s.Http.SendAsync(Ranged(url, wav.Length + 10, null))).StatusCode);

        var waveform = await (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/versions/master/waveform"))).ReadJsonAsync();
        Assert.Equal(4.0, waveform.GetProperty("durationSeconds").GetDouble(), 2);
        Assert.InRange(waveform.GetProperty("peaks")[0].GetDouble(), 0.4, 0.6);
    }

    [Fact]
    public async Task ShouldUploadALargeFileInPartsAndSeekInIt()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        // 12 MB of 48 kHz 24-bit stereo: three parts of at most 5 MB.
        var wav = TestAudio.Wav(seconds: 42, rate: 48000, channels: 2, bits: 24);
        var revision = await TestAudio.UploadAsync(s, trackId, "final_mix", wav);
        Assert.Equal(wav.Length, revision.GetProperty("sizeBytes").GetInt64());

        var stored = Assert.Single(await ObjectsAsync(s.StudioId));
        Assert.Equal(wav.Length, stored.Size);
        var upload = await S3Server.Shared.RequestsOnAsync(stored.Key);
        Assert.Equal(["POST uploads", "PUT partNumber=1&uploadId", "PUT partNumber=2&uploadId", "PUT partNumber=3&uploadId", "POST uploadId"],
            upload.Select(r => $"{r.Method} {Regex.Replace(r.Query, "(uploadId|uploads)=[^&]*", "$1")}"));

        // A seek in the middle asks the bucket for a window from there, never for the whole object.
        var url = s.Api($"/tracks/{trackId}/versions/final_mix/audio");
        var middle = wav.Length / 2;
        var partial = await s.Http.SendAsync(Ranged(url, middle, middle + 65535));
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(wav[middle..(middle + 65536)], await partial.Content.ReadAsByteArrayAsync());
        var read = Assert.Single((await S3Server.Shared.RequestsOnAsync(stored.Key)).Skip(upload.Count), r => r.Method == "GET");
        Assert.StartsWith($"bytes={middle}-", read.Range);
        // The whole file, across the server's windows, byte for byte.
        Assert.Equal(wav, await s.Http.GetByteArrayAsync(url));
    }

    [Fact]
    public async Task ShouldMakePreviewsAndDeleteTheObjectsWithTheirTrack()
    {
        var s = await app.RegisterStudioAsync();
        var (_, projectId, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        await TestAudio.UploadAsync(s, trackId, "demo", TestAudio.Wav(seconds: 1));
        await TestAudio.UploadAsync(s, trackId, "demo", TestAudio.Wav(seconds: 2));
        // The previews are made from the objects (read through ranged GETs) and stored beside them.
        await app.Services.GetRequiredService<AudioPreviews>().RunPendingAsync();
        var stored = await ObjectsAsync(s.StudioId);
        Assert.Equal(4, stored.Count);
        Assert.Equal(2, stored.Count(o => o.Key.EndsWith("-preview.mp3")));

        await StudioApi.EnsureAsync(await s.Http.DeleteAsync(s.Api($"/tracks/{trackId}")));
        Assert.Empty(await ObjectsAsync(s.StudioId));
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/versions/demo/audio"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Http.GetAsync(s.Api($"/projects/{projectId}"))).StatusCode);
    }

    [Fact]
    public async Task ShouldStreamASharedVersionFromTheBucket()
    {
        var s = await app.RegisterStudioAsync("S3 Share Studio");
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        var wav = TestAudio.Wav(seconds: 3);
        await TestAudio.UploadAsync(s, trackId, "rough_mix", wav);
        var path = await ShareTests.ShareAsync(s, new { trackId, versionKind = "rough_mix", allowDownload = false });

        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var audio = Assert.Single(ShareTests.AudioLinks(await anonymous.GetStringAsync(path)));
        var partial = await anonymous.SendAsync(Ranged(audio, 100, 199));
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(wav[100..200], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(audio + "&download=true")).StatusCode);
    }
}

[Collection(SqliteS3Collection.Name)]
public sealed class S3StorageTests_Sqlite(SqliteS3AppFactory app) : S3StorageTests(app);

[Collection(PostgresS3Collection.Name)]
public sealed class S3StorageTests_Postgres(PostgresS3AppFactory app) : S3StorageTests(app);
