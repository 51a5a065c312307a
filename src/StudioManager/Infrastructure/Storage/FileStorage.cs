using System.Text.RegularExpressions;

namespace StudioManager.Infrastructure.Storage;

/// <summary>Where uploaded files live. Keys are built by the application from ids and closed sets
/// ("studios/12/audio/7/master/3.wav"), never from what a user typed; every implementation refuses any other shape.
/// Local disk by default (LocalFileStorage), an S3-compatible bucket by configuration (S3FileStorage, Storage:Provider).</summary>
public interface IFileStorage
{
    /// <summary>Moves a complete local file (written under TempFolder) into storage under key; the local file is gone after.</summary>
    Task PutAsync(string key, string localFile, CancellationToken ct);

    /// <summary>A seekable read stream of the file (HTTP Range is served from it), or null when there is none.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    /// <summary>Deletes the file (none: nothing to do); IOException when the storage fails.</summary>
    Task DeleteAsync(string key, CancellationToken ct);

    /// <summary>A folder for files being received, on the same volume as the storage when it is local (a move, not a copy).</summary>
    string TempFolder { get; }
}

public static partial class StorageKeys
{
    /// <summary>Segments of lower-case letters, digits, '_' and '-', one '.' extension at most in the last: no "..",
    /// no absolute path, no separator but '/'.</summary>
    public static bool IsValid(string key) => key.Length <= 300 && Shape().IsMatch(key);

    public static string Checked(string key) =>
        IsValid(key) ? key : throw new ArgumentException($"'{key}' is not a storage key the application builds.", nameof(key));

    [GeneratedRegex(@"^([a-z0-9_-]+/)*[a-z0-9_-]+(\.[a-z0-9]+)?$")] private static partial Regex Shape();
}

/// <summary>Files under {data folder}/{key}: per studio, since every key the application builds starts with
/// "studios/{id}/".</summary>
public sealed class LocalFileStorage(string root) : IFileStorage
{
    public string TempFolder { get; } = Directory.CreateDirectory(Path.Combine(root, "tmp", "uploads")).FullName;

    public Task PutAsync(string key, string localFile, CancellationToken ct)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(localFile, path, overwrite: false);
        return Task.CompletedTask;
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous)
            : null;
        return Task.FromResult(stream);
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private string PathOf(string key) => Path.Combine(root, StorageKeys.Checked(key).Replace('/', Path.DirectorySeparatorChar));
}
