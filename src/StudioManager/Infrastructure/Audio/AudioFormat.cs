using System.Text;

namespace StudioManager.Infrastructure.Audio;

public enum AudioFormat { Wav, Aiff, Flac, Mp3, M4a, Aac, Ogg }

/// <summary>Recognises an audio file by its first bytes, never by its name or declared type.</summary>
public static class AudioSniffer
{
    public const string Accepted = "WAV, AIFF, FLAC, MP3, M4A/AAC or OGG";

    public static string ContentType(AudioFormat format) => format switch
    {
        AudioFormat.Wav => "audio/wav",
        AudioFormat.Aiff => "audio/aiff",
        AudioFormat.Flac => "audio/flac",
        AudioFormat.Mp3 => "audio/mpeg",
        AudioFormat.M4a => "audio/mp4",
        AudioFormat.Aac => "audio/aac",
        _ => "audio/ogg",
    };

    public static string Extension(AudioFormat format) => format switch
    {
        AudioFormat.Aiff => "aiff",
        _ => format.ToString().ToLowerInvariant(),
    };

    /// <summary>The format of a seekable stream's content (it reads from the start and leaves the position moved), or null.</summary>
    public static AudioFormat? Detect(Stream file)
    {
        file.Position = 0;
        var head = new byte[64];
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read < 12) return null;
        var s = head.AsSpan(0, read);
        if ((Is(s, 0, "RIFF") || Is(s, 0, "RF64") || Is(s, 0, "BW64")) && Is(s, 8, "WAVE")) return AudioFormat.Wav;
        if (Is(s, 0, "FORM") && (Is(s, 8, "AIFF") || Is(s, 8, "AIFC"))) return AudioFormat.Aiff;
        if (Is(s, 0, "fLaC")) return AudioFormat.Flac;
        if (Is(s, 0, "OggS")) return AudioFormat.Ogg;
        if (Is(s, 4, "ftyp")) return AudioFormat.M4a;
        if (!Is(s, 0, "ID3")) return FrameFormat(s);

        // An ID3v2 tag (its size is "syncsafe": 7 bits a byte) precedes MP3 frames, and sometimes FLAC or ADTS AAC.
        var size = (s[6] & 0x7F) << 21 | (s[7] & 0x7F) << 14 | (s[8] & 0x7F) << 7 | (s[9] & 0x7F);
        var after = 10L + size + ((s[5] & 0x10) != 0 ? 10 : 0);
        if (after + 4 > file.Length) return null;
        file.Position = after;
        read = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        return Is(head, 0, "fLaC") ? AudioFormat.Flac : FrameFormat(head.AsSpan(0, read));
    }

    /// <summary>An MPEG audio frame header (MP3) or an ADTS header (raw AAC).</summary>
    private static AudioFormat? FrameFormat(ReadOnlySpan<byte> s)
    {
        if (s.Length < 4 || s[0] != 0xFF) return null;
        if ((s[1] & 0xF6) == 0xF0) return AudioFormat.Aac; // 12 sync bits, layer 00
        var version = (s[1] >> 3) & 3;
        var layer = (s[1] >> 1) & 3;
        var bitrate = s[2] >> 4;
        var rate = (s[2] >> 2) & 3;
        return (s[1] & 0xE0) == 0xE0 && version != 1 && layer != 0 && bitrate is not (0 or 15) && rate != 3 ? AudioFormat.Mp3 : null;
    }

    private static bool Is(ReadOnlySpan<byte> s, int at, string ascii) =>
        s.Length >= at + ascii.Length && s.Slice(at, ascii.Length).SequenceEqual(Encoding.ASCII.GetBytes(ascii));
}
