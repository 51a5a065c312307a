using System.Security.Cryptography;
using StudioManager.Infrastructure.Errors;

namespace StudioManager.Infrastructure.Storage;

/// <summary>An upload written to a temporary file as it arrives (hashed as it passes, never held in memory whole),
/// for the use case to recognise from its bytes before it goes to storage.</summary>
public sealed record ReceivedFile(long Size, string Sha256)
{
    /// <summary>Copies content into temp (a new file), refusing (400 on "file") past maxBytes or when empty; the
    /// caller deletes temp whatever happens.</summary>
    public static async Task<ReceivedFile> ReceiveAsync(Stream content, string temp, long maxBytes, string tooBig, CancellationToken ct)
    {
        await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[128 * 1024];
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            size += read;
            if (size > maxBytes) throw new ValidationFailedException("file", tooBig);
            hash.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        if (size == 0) throw new ValidationFailedException("file", "The file is empty.");
        return new ReceivedFile(size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
