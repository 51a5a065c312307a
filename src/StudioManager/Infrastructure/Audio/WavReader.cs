using System.Buffers.Binary;
using System.Text;

namespace StudioManager.Infrastructure.Audio;

/// <summary>The managed decoder for WAV (RIFF, RF64): its format chunk and its PCM or float samples, read in one pass
/// with a small buffer whatever the file's size.</summary>
public static class WavReader
{
    public static AudioFacts? Read(Stream file, int peakCount)
    {
        file.Position = 12;
        var header = new byte[8];
        int channels = 0, rate = 0, bits = 0, tag = 0;
        long? ds64Data = null;
        while (file.ReadAtLeast(header, 8, throwOnEndOfStream: false) == 8)
        {
            var id = Encoding.ASCII.GetString(header, 0, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            var body = file.Position;
            if (id == "ds64")
            {
                var ds64 = new byte[16];
                file.ReadExactly(ds64);
                ds64Data = BinaryPrimitives.ReadInt64LittleEndian(ds64.AsSpan(8));
            }
            else if (id == "fmt ")
            {
                var fmt = new byte[Math.Min(size, 40)];
                file.ReadExactly(fmt);
                tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(2));
                rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(fmt.AsSpan(4));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(14));
                if (tag == 0xFFFE && fmt.Length >= 26) tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(24)); // extensible: the sub-format
            }
            else if (id == "data")
            {
                if (size == 0xFFFFFFFF && ds64Data is { } big) size = big;
                size = Math.Min(size, file.Length - body);
                if (channels == 0 || rate == 0 || !(tag == 1 && bits is 8 or 16 or 24 or 32 || tag == 3 && bits is 32 or 64)) return null;
                var frame = channels * bits / 8;
                var peaks = Peaks(file, size, bits, tag == 3, peakCount);
                return new AudioFacts(AudioFormat.Wav, size / frame * 1000 / rate, rate, channels, bits, peaks);
            }
            file.Position = body + size + (size & 1); // chunks are padded to an even length
        }
        return null;
    }

    private static float[] Peaks(Stream file, long size, int bits, bool isFloat, int peakCount)
    {
        var width = bits / 8;
        var folder = new PeakFolder();
        var buffer = new byte[64 * 1024 / width * width];
        long left = size - size % width;
        while (left > 0)
        {
            var got = file.ReadAtLeast(buffer.AsSpan(0, (int)Math.Min(buffer.Length, left)), width, throwOnEndOfStream: false);
            var whole = got - got % width;
            if (whole == 0) break;
            if (got != whole) file.Position -= got - whole; // a sample cut by the read is read again whole
            left -= whole;
            var s = buffer.AsSpan(0, whole);
            for (var i = 0; i < whole; i += width) folder.Add(Math.Abs(Sample(s[i..], bits, isFloat)));
        }
        return folder.Reduce(peakCount);
    }

    private static float Sample(ReadOnlySpan<byte> s, int bits, bool isFloat) => (bits, isFloat) switch
    {
        (32, true) => BinaryPrimitives.ReadSingleLittleEndian(s),
        (64, true) => (float)BinaryPrimitives.ReadDoubleLittleEndian(s),
        (8, _) => (s[0] - 128) / 128f,
        (16, _) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
        (24, _) => (s[0] | s[1] << 8 | (sbyte)s[2] << 16) / 8388608f,
        _ => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648f,
    };
}
