using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using StudioManager.Tests.Clients;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Projects;

/// <summary>Audio made for the tests (in code, or by ffmpeg), and the steps that set up a project with a track.</summary>
public static class TestAudio
{
    /// <summary>A PCM WAV: a 440 Hz sine at half scale, with the second half silent.</summary>
    public static byte[] Wav(double seconds = 2, int rate = 8000, int channels = 2, int bits = 16)
    {
        var frames = (int)(seconds * rate);
        var width = bits / 8;
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        var data = frames * channels * width;
        w.Write("RIFF"u8); w.Write(36 + data); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)channels); w.Write(rate); w.Write(rate * channels * width);
        w.Write((short)(channels * width)); w.Write((short)bits);
        w.Write("data"u8); w.Write(data);
        for (var i = 0; i < frames; i++)
        {
            var value = i < frames / 2 ? 0.5 * Math.Sin(2 * Math.PI * 440 * i / rate) : 0;
            var sample = (int)(value * ((1 << (bits - 1)) - 1));
            for (var c = 0; c < channels; c++)
                if (bits == 16) w.Write((short)sample);
                else { w.Write((byte)sample); w.Write((byte)(sample >> 8)); w.Write((byte)(sample >> 16)); }
        }
        return ms.ToArray();
    }

    /// <summary>One second of a sine encoded by ffmpeg into the format of the extension (mp3, flac, ogg, m4a, aiff).</summary>
    public static byte[] Encoded(string extension) => Ffmpeg(["-f", "lavfi", "-i", "sine=frequency=440:duration=1:sample_rate=44100", "-ac", "2"], extension);

    /// <summary>An audio file converted by ffmpeg into the format of the extension.</summary>
    public static byte[] Convert(string source, string extension) => Ffmpeg(["-i", source], extension);

    private static byte[] Ffmpeg(string[] input, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rsm-audio-{Guid.NewGuid():N}.{extension}");
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-v", "error" }.Concat(input).Append(path)) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ffmpeg could not make a {extension}: {error}");
        try { return File.ReadAllBytes(path); }
        finally { File.Delete(path); }
    }

    public static MultipartFormDataContent Upload(byte[] content, string fileName = "mix.wav", string field = "file")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    public static async Task<JsonElement> UploadAsync(StudioSession s, int trackId, string kind, byte[] content, string fileName = "mix.wav")
    {
        var response = await s.Http.PutAsync(s.Api($"/tracks/{trackId}/versions/{kind}"), Upload(content, fileName));
        await StudioApi.EnsureAsync(response);
        return await response.ReadJsonAsync();
    }

    /// <summary>A client, a project for it and a track in it.</summary>
    public static async Task<(int ClientId, int ProjectId, int TrackId)> ProjectWithTrackAsync(StudioSession s, string projectName = "First Album")
    {
        var clientId = (await ClientApiTests.CreateClientAsync(s, new { name = "Band " + Guid.NewGuid().ToString("N")[..6] })).GetProperty("id").GetInt32();
        var project = await s.Http.PostAsJsonAsync(s.Api("/projects"), new { clientId, name = projectName, type = "album" });
        await StudioApi.EnsureAsync(project);
        var projectId = (await project.ReadJsonAsync()).GetProperty("id").GetInt32();
        var track = await s.Http.PostAsJsonAsync(s.Api($"/projects/{projectId}/tracks"), new { title = "Opening" });
        await StudioApi.EnsureAsync(track);
        return (clientId, projectId, (await track.ReadJsonAsync()).GetProperty("id").GetInt32());
    }
}
