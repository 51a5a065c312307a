using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StudioManager.Projects;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Projects;

/// <summary>Compressed previews of lossless uploads: made after the upload (here when the test runs the queue), played
/// by default, the original on download or when asked for; none for compressed uploads nor without ffmpeg.</summary>
public abstract class AudioPreviewTests(StudioAppFactory app)
{
    private static Task RunPreviewsAsync(StudioAppFactory app) => app.Services.GetRequiredService<AudioPreviews>().RunPendingAsync();

    private static async Task<bool> HasPreviewAsync(StudioSession s, int trackId, string kind) =>
        (await (await s.Http.GetAsync(s.Api($"/tracks/{trackId}/versions"))).ReadJsonAsync()).EnumerateArray()
        .Single(x => x.GetProperty("kind").GetString() == kind).GetProperty("current").GetProperty("hasPreview").GetBoolean();

    /// <summary>An MP3 stream starts with an ID3 tag or an MPEG audio frame's sync bits.</summary>
    private static bool IsMp3(byte[] b) => b.Length > 3 && (b[..3].SequenceEqual("ID3"u8.ToArray()) || (b[0] == 0xFF && (b[1] & 0xE0) == 0xE0));

    [Fact]
    public async Task ShouldPlayACompressedPreviewOfALosslessUploadAndTheOriginalOnDownload()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        var wav = TestAudio.Wav(seconds: 6, rate: 44100, channels: 2, bits: 16);
        await TestAudio.UploadAsync(s, trackId, "final_mix", wav);
        var url = s.Api($"/tracks/{trackId}/versions/final_mix/audio");

        // Until the preview is made, the original plays.
        Assert.False(await HasPreviewAsync(s, trackId, "final_mix"));
        Assert.Equal(wav, await s.Http.GetByteArrayAsync(url));

        await RunPreviewsAsync(app);
        Assert.True(await HasPreviewAsync(s, trackId, "final_mix"));
        var played = await s.Http.GetAsync(url);
        Assert.Equal("audio/mpeg", played.Content.Headers.ContentType?.MediaType);
        var preview = await played.Content.ReadAsByteArrayAsync();
        Assert.True(IsMp3(preview));
        // 192 kbit/s for 6 s: about 144 kB, against 1 MB of WAV.
        Assert.InRange(preview.Length, 100_000, 200_000);
        var partial = await s.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Range = new RangeHeaderValue(1000, 1999) } });
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(preview[1000..2000], await partial.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(played.Headers.ETag, (await s.Http.GetAsync(url + "?original=true")).Headers.ETag);

        var download = await s.Http.GetAsync(url + "?download=true");
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("audio/wav", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(wav, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(wav, await s.Http.GetByteArrayAsync(url + "?original=true"));
    }

    [Theory]
    [InlineData("flac", true)]
    [InlineData("aiff", true)]
    [InlineData("mp3", false)]
    [InlineData("ogg", false)]
    public async Task ShouldMakePreviewsOfLosslessFormatsOnly(string extension, bool previewed)
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        var original = TestAudio.Encoded(extension);
        await TestAudio.UploadAsync(s, trackId, "demo", original);
        await RunPreviewsAsync(app);

        Assert.Equal(previewed, await HasPreviewAsync(s, trackId, "demo"));
        var played = await s.Http.GetByteArrayAsync(s.Api($"/tracks/{trackId}/versions/demo/audio"));
        if (previewed) Assert.True(IsMp3(played));
        else Assert.Equal(original, played);
    }

    [Fact]
    public async Task ShouldStreamThePreviewOnASharePageAndTheOriginalOnDownload()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        var wav = TestAudio.Wav(seconds: 2, rate: 44100);
        await TestAudio.UploadAsync(s, trackId, "master", wav);
        await RunPreviewsAsync(app);
        var path = await ShareTests.ShareAsync(s, new { trackId, versionKind = "master", allowDownload = true });

        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var audio = Assert.Single(ShareTests.AudioLinks(await anonymous.GetStringAsync(path)));
        var played = await anonymous.GetAsync(audio);
        Assert.Equal("audio/mpeg", played.Content.Headers.ContentType?.MediaType);
        Assert.True(IsMp3(await played.Content.ReadAsByteArrayAsync()));
        Assert.Equal(wav, await anonymous.GetByteArrayAsync(audio + "&download=true"));
    }

    [Fact]
    public async Task ShouldDeleteThePreviewsWithTheirTrack()
    {
        var s = await app.RegisterStudioAsync();
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
        await TestAudio.UploadAsync(s, trackId, "demo", TestAudio.Wav(seconds: 1));
        await RunPreviewsAsync(app);
        var folder = Path.Combine(app.DataPath, "studios", s.StudioId.ToString(), "audio");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.Equal(2, files.Count);
        Assert.Single(files, f => f!.EndsWith("-preview.mp3"));

        await StudioApi.EnsureAsync(await s.Http.DeleteAsync(s.Api($"/tracks/{trackId}")));
        Assert.Empty(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ShouldPlayTheOriginalWhenFfmpegIsMissing()
    {
        var bare = (StudioAppFactory)Activator.CreateInstance(app.GetType())!;
        bare.Settings["Audio:Ffmpeg"] = "";
        await bare.InitializeAsync();
        try
        {
            var s = await bare.RegisterStudioAsync();
            var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(s);
            var wav = TestAudio.Wav(seconds: 2);
            await TestAudio.UploadAsync(s, trackId, "demo", wav);
            await RunPreviewsAsync(bare);
            Assert.False(await HasPreviewAsync(s, trackId, "demo"));
            Assert.Equal(wav, await s.Http.GetByteArrayAsync(s.Api($"/tracks/{trackId}/versions/demo/audio")));
        }
        finally
        {
            await ((IAsyncLifetime)bare).DisposeAsync();
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AudioPreviewTests_Sqlite(SqliteAppFactory app) : AudioPreviewTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AudioPreviewTests_Postgres(PostgresAppFactory app) : AudioPreviewTests(app);
