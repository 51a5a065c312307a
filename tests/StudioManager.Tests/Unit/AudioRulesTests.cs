using Microsoft.Extensions.Logging.Abstractions;
using StudioManager.Infrastructure.Audio;
using StudioManager.Infrastructure.Storage;
using StudioManager.Tests.Projects;

namespace StudioManager.Tests.Unit;

/// <summary>Recognising audio by its content, the managed WAV reader (used when ffmpeg is not installed) and storage keys.</summary>
public sealed class AudioRulesTests
{
    private static AudioFormat? Detect(byte[] content) => AudioSniffer.Detect(new MemoryStream(content));

    [Theory]
    [InlineData("mp3", AudioFormat.Mp3)]
    [InlineData("flac", AudioFormat.Flac)]
    [InlineData("ogg", AudioFormat.Ogg)]
    [InlineData("m4a", AudioFormat.M4a)]
    [InlineData("aiff", AudioFormat.Aiff)]
    [InlineData("aac", AudioFormat.Aac)]
    [InlineData("wav", AudioFormat.Wav)]
    public void ShouldRecogniseEachFormatByItsBytes(string extension, AudioFormat format) =>
        Assert.Equal(format, Detect(TestAudio.Encoded(extension)));

    [Fact]
    public void ShouldRecogniseMp3BehindAnId3TagAndRefuseOtherContent()
    {
        var frame = new byte[] { 0xFF, 0xFB, 0x90, 0x64, 0, 0, 0, 0 };
        byte[] tagged = [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 20, .. new byte[20], .. frame];
        Assert.Equal(AudioFormat.Mp3, Detect(tagged));
        Assert.Equal(AudioFormat.Mp3, Detect([.. frame, .. new byte[8]]));
        Assert.Null(Detect("%PDF-1.4 not audio at all"u8.ToArray()));
        Assert.Null(Detect([.. "ID3"u8, 4, 0, 0, 0, 0, 0, 20, .. new byte[28]])); // a tag followed by nothing audio
        Assert.Null(Detect([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0]));
        Assert.Null(Detect([]));
    }

    [Theory]
    [InlineData(16, 1)]
    [InlineData(24, 2)]
    public async Task ShouldReadWavFactsAndPeaksWithoutFfmpeg(int bits, int channels)
    {
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, TestAudio.Wav(seconds: 3, rate: 48000, channels: channels, bits: bits));
        try
        {
            var analyzer = new AudioAnalyzer(new AudioOptions { Ffmpeg = "", PeakCount = 100 }, NullLogger<AudioAnalyzer>.Instance);
            Assert.False(analyzer.UsesFfmpeg);
            var facts = await analyzer.AnalyzeAsync(path, AudioFormat.Wav, CancellationToken.None);
            Assert.NotNull(facts);
            Assert.Equal(3000, facts.DurationMs);
            Assert.Equal(48000, facts.SampleRate);
            Assert.Equal(channels, facts.Channels);
            Assert.Equal(bits, facts.BitsPerSample);
            Assert.Equal(100, facts.Peaks.Length);
            Assert.All(facts.Peaks[..48], p => Assert.InRange(p, 0.45f, 0.55f));
            Assert.All(facts.Peaks[52..], p => Assert.Equal(0f, p));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task ShouldGiveTheSamePeaksWithFfmpegAsWithTheManagedReader()
    {
        var wav = Path.GetTempFileName();
        var flac = Path.ChangeExtension(Path.GetTempFileName(), ".flac");
        await File.WriteAllBytesAsync(wav, TestAudio.Wav(seconds: 2, rate: 44100, channels: 2, bits: 16));
        await File.WriteAllBytesAsync(flac, TestAudio.Convert(wav, "flac"));
        try
        {
            var analyzer = new AudioAnalyzer(new AudioOptions { PeakCount = 50 }, NullLogger<AudioAnalyzer>.Instance);
            Assert.True(analyzer.UsesFfmpeg, "ffmpeg is not installed (./test.sh installs it)");
            var managed = await analyzer.AnalyzeAsync(wav, AudioFormat.Wav, default);
            var decoded = await analyzer.AnalyzeAsync(flac, AudioFormat.Flac, default);
            Assert.Equal(managed!.DurationMs, decoded!.DurationMs);
            Assert.Equal(managed.Peaks.Length, decoded.Peaks.Length);
            for (var i = 0; i < managed.Peaks.Length; i++) Assert.Equal(managed.Peaks[i], decoded.Peaks[i], 0.01f);
        }
        finally
        {
            File.Delete(wav);
            File.Delete(flac);
        }
    }

    [Theory]
    [InlineData("studios/1/audio/2/rough_mix/1-abc.wav", true)]
    [InlineData("studios/1/logo.png", true)]
    [InlineData("../etc/passwd", false)]
    [InlineData("/etc/passwd", false)]
    [InlineData("studios/1/../2/x.wav", false)]
    [InlineData("studios\\1\\x.wav", false)]
    [InlineData("studios/1/My Song.wav", false)]
    public void ShouldAcceptOnlyKeysTheApplicationBuilds(string key, bool valid) => Assert.Equal(valid, StorageKeys.IsValid(key));
}
