namespace StudioManager.Infrastructure.Audio;

/// <summary>Compressed previews with ffmpeg: MP3 (every browser plays it) at AudioOptions.PreviewBitrate, from a
/// stream piped to ffmpeg, so the original is read once from wherever it is stored and never held whole.</summary>
public sealed class AudioTranscoder(AudioOptions options, ILogger<AudioTranscoder> logger)
{
    private readonly string? _ffmpeg = options.Previews ? AudioAnalyzer.Locate(options.Ffmpeg) : null;

    public const string PreviewContentType = "audio/mpeg";

    /// <summary>Whether an upload of this format gets a preview: lossless ones, when previews are on and ffmpeg is there.</summary>
    public bool MakesPreviewOf(AudioFormat format) => _ffmpeg is not null && format is AudioFormat.Wav or AudioFormat.Aiff or AudioFormat.Flac;

    /// <summary>Encodes the source into an MP3 file at output; false (and a log line) when ffmpeg cannot read it.</summary>
    public async Task<bool> EncodePreviewAsync(Stream source, string output, CancellationToken ct)
    {
        if (_ffmpeg is null) return false;
        var outcome = await ExternalTool.RunAsync(_ffmpeg,
            ["-v", "error", "-i", "pipe:0", "-map", "0:a:0", "-c:a", "libmp3lame", "-b:a", $"{options.PreviewBitrate}k", "-f", "mp3", "-y", output],
            async process =>
            {
                try
                {
                    await source.CopyToAsync(process.StandardInput.BaseStream, 128 * 1024, ct);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // ffmpeg stopped reading (it refused the input): its exit code and errors tell why.
                }
            }, ct);
        if (outcome.Succeeded) return true;
        logger.LogWarning("ffmpeg made no preview: {Error}", outcome.Errors);
        return false;
    }
}
