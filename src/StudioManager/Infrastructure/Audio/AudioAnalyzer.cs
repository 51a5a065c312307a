using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace StudioManager.Infrastructure.Audio;

/// <summary>What is read from an audio file: its format, length and layout, and its waveform.</summary>
public sealed record AudioFacts(AudioFormat Format, long? DurationMs, int? SampleRate, int? Channels, int? BitsPerSample, float[] Peaks);

public sealed class AudioOptions
{
    /// <summary>ffmpeg's executable ("ffmpeg" on PATH by default; empty: never use it). ffprobe is looked up beside it.</summary>
    public string Ffmpeg { get; set; } = "ffmpeg";

    /// <summary>How many peaks a waveform has.</summary>
    public int PeakCount { get; set; } = 1000;

    /// <summary>Make a compressed preview of lossless uploads (WAV, AIFF, FLAC) when ffmpeg is there.</summary>
    public bool Previews { get; set; } = true;

    /// <summary>The previews' MP3 bitrate, kbit/s.</summary>
    public int PreviewBitrate { get; set; } = 192;

    /// <summary>Previews are made by a background worker as uploads arrive; false: only when something runs the queue
    /// (the tests, at moments they choose).</summary>
    public bool PreviewsInBackground { get; set; } = true;
}

/// <summary>Reads duration, sample rate, channels and the waveform's peaks (the loudest sample of each of PeakCount
/// equal slices, 0..1) of an audio file on local disk: WAV (PCM 8/16/24/32 bits, 32/64-bit float) with a managed
/// reader, the other formats with ffprobe/ffmpeg when installed (without it: FLAC's header, no peaks).</summary>
public sealed class AudioAnalyzer(AudioOptions options, ILogger<AudioAnalyzer> logger)
{
    private readonly string? _ffmpeg = Locate(options.Ffmpeg);

    public bool UsesFfmpeg => _ffmpeg is not null;

    /// <summary>The facts of a file whose content was recognised as format; null when it does not decode as audio.</summary>
    public async Task<AudioFacts?> AnalyzeAsync(string path, AudioFormat format, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var facts = await ReadAsync(path, format, ct);
        logger.LogInformation("Read {Format} audio of {Bytes} bytes in {Elapsed} ms", format, new FileInfo(path).Length, watch.ElapsedMilliseconds);
        return facts;
    }

    /// <summary>WAV is read by the managed reader even when ffmpeg is installed: reading PCM is a pass over the file,
    /// eight times faster than piping it through ffmpeg (bench/README.md); ffmpeg takes the WAV encodings the reader
    /// does not know (ADPCM, µ-law…) and every other format.</summary>
    private async Task<AudioFacts?> ReadAsync(string path, AudioFormat format, CancellationToken ct)
    {
        if (format == AudioFormat.Wav)
        {
            await using var wav = File.OpenRead(path);
            if (WavReader.Read(wav, options.PeakCount) is { } facts) return facts;
        }
        if (_ffmpeg is not null) return await WithFfmpegAsync(path, format, ct);
        if (format != AudioFormat.Flac) return format == AudioFormat.Wav ? null : new AudioFacts(format, null, null, null, null, []);
        await using var file = File.OpenRead(path);
        return FlacHeader(file);
    }

    private async Task<AudioFacts?> WithFfmpegAsync(string path, AudioFormat format, CancellationToken ct)
    {
        var probe = await RunAsync(Path.Combine(Path.GetDirectoryName(_ffmpeg)!, "ffprobe"),
            ["-v", "error", "-select_streams", "a:0", "-show_entries", "stream=sample_rate,channels,duration,bits_per_raw_sample,bits_per_sample:format=duration",
             "-of", "json", path], ct);
        if (probe is null) return null;
        using var json = JsonDocument.Parse(probe);
        if (!json.RootElement.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0) return null;
        var stream = streams[0];
        var sampleRate = Int(stream, "sample_rate");
        var channels = Int(stream, "channels");
        var bits = new[] { Int(stream, "bits_per_raw_sample"), Int(stream, "bits_per_sample") }.FirstOrDefault(b => b > 0);
        var seconds = Number(stream, "duration") ?? (json.RootElement.TryGetProperty("format", out var f) ? Number(f, "duration") : null);

        // Native rate and channels, 32-bit float on stdout: the peaks are folded in blocks as they stream, never held whole.
        var peaks = new PeakFolder();
        var decoded = await RunAsync(_ffmpeg!, ["-v", "error", "-i", path, "-map", "0:a:0", "-f", "f32le", "-"], ct, async stdout =>
        {
            var buffer = new byte[64 * 1024];
            int read, carry = 0;
            while ((read = await stdout.ReadAsync(buffer.AsMemory(carry), ct)) > 0)
            {
                var length = carry + read;
                var whole = length / 4 * 4;
                for (var i = 0; i < whole; i += 4) peaks.Add(Math.Abs(BinaryPrimitives.ReadSingleLittleEndian(buffer.AsSpan(i))));
                carry = length - whole;
                buffer.AsSpan(whole, carry).CopyTo(buffer);
            }
        });
        if (decoded is null) return null;
        return new AudioFacts(format, seconds is { } s ? (long)Math.Round(s * 1000) : null, sampleRate, channels, bits, peaks.Reduce(options.PeakCount));
    }

    /// <summary>Runs a tool; its stdout as text (or given to read), null when it fails.</summary>
    private async Task<string?> RunAsync(string exe, string[] arguments, CancellationToken ct, Func<Stream, Task>? read = null)
    {
        var output = "";
        var outcome = await ExternalTool.RunAsync(exe, arguments, async process =>
        {
            process.StandardInput.Close(); // reads files, never stdin
            if (read is null) output = await process.StandardOutput.ReadToEndAsync(ct);
            else await read(process.StandardOutput.BaseStream);
        }, ct);
        if (outcome.Succeeded) return output;
        logger.LogInformation("{Tool} refused an upload: {Error}", Path.GetFileName(exe), outcome.Errors);
        return null;
    }

    private static AudioFacts? FlacHeader(Stream file)
    {
        // STREAMINFO, the first metadata block: 20 bits rate, 3 bits channels-1, 5 bits bits-1, 36 bits total samples.
        var h = new byte[42];
        file.Position = 0;
        if (file.ReadAtLeast(h, h.Length, throwOnEndOfStream: false) < h.Length || (h[4] & 0x7F) != 0) return null;
        var rate = h[18] << 12 | h[19] << 4 | h[20] >> 4;
        var channels = ((h[20] >> 1) & 7) + 1;
        var bits = ((h[20] & 1) << 4 | h[21] >> 4) + 1;
        var samples = (long)(h[21] & 0xF) << 32 | (uint)(h[22] << 24 | h[23] << 16 | h[24] << 8 | h[25]);
        return rate == 0 ? null : new AudioFacts(AudioFormat.Flac, samples > 0 ? samples * 1000 / rate : null, rate, channels, bits, []);
    }

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && int.TryParse(v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText(), out var i) ? i : null;

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && double.TryParse(v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText(),
            NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>The executable's full path when it exists (a bare name is searched on PATH), else null.</summary>
    internal static string? Locate(string? exe)
    {
        if (string.IsNullOrWhiteSpace(exe)) return null;
        if (Path.IsPathRooted(exe)) return File.Exists(exe) ? exe : null;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, exe)).FirstOrDefault(File.Exists);
    }
}

/// <summary>Folds samples (absolute values) into the maxima of fixed blocks as they come, then into N equal slices.</summary>
public sealed class PeakFolder
{
    private const int Block = 256;
    private readonly List<float> _blocks = [];
    private float _max;
    private int _count;

    public void Add(float magnitude)
    {
        if (magnitude > _max) _max = magnitude;
        if (++_count < Block) return;
        _blocks.Add(_max);
        _max = 0;
        _count = 0;
    }

    public float[] Reduce(int n)
    {
        if (_count > 0) { _blocks.Add(_max); _count = 0; _max = 0; }
        if (_blocks.Count == 0) return [];
        n = Math.Min(n, _blocks.Count);
        var peaks = new float[n];
        for (var i = 0; i < _blocks.Count; i++)
        {
            var slot = (int)((long)i * n / _blocks.Count);
            peaks[slot] = Math.Max(peaks[slot], Math.Min(1f, _blocks[i]));
        }
        for (var i = 0; i < n; i++) peaks[i] = MathF.Round(peaks[i], 3);
        return peaks;
    }
}
