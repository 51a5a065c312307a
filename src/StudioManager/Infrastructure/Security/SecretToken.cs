using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace StudioManager.Infrastructure.Security;

/// <summary>A secret handed out once (in a link) and kept only as its SHA-256, so that a copy of the database opens
/// nothing: 32 random bytes, Base64Url in the link, the hex hash stored and indexed.</summary>
public readonly record struct SecretToken(string Text, string Hash)
{
    private const int Bytes = 32;

    public static SecretToken New()
    {
        var secret = RandomNumberGenerator.GetBytes(Bytes);
        return new SecretToken(WebEncoders.Base64UrlEncode(secret), HashOf(secret));
    }

    /// <summary>The stored form of a token read from a link, or null when it cannot be one.</summary>
    public static string? HashOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            var secret = WebEncoders.Base64UrlDecode(text.Trim());
            return secret.Length == Bytes ? HashOf(secret) : null;
        }
        catch (FormatException) { return null; }
    }

    /// <summary>The final check after the lookup by hash (an index), free of timing differences.</summary>
    public static bool Matches(string storedHash, string hash) =>
        CryptographicOperations.FixedTimeEquals(Convert.FromHexString(storedHash), Convert.FromHexString(hash));

    private static string HashOf(byte[] secret) => Convert.ToHexStringLower(SHA256.HashData(secret));
}
