using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Tests.Infrastructure;

/// <summary>A real S3-compatible server for the tests: s3rver (pinned in tools/s3-server, installed there by ./test.sh
/// with npm ci), one per test process, on a free port of 127.0.0.1 with one bucket, recording the requests it receives.
/// It stops when this process ends (its standard input closes).</summary>
public sealed class S3Server
{
    public const string Bucket = "rsm-tests";
    // s3rver's own credentials: it checks signatures (V4) against them.
    public const string AccessKey = "S3RVER", SecretKey = "S3RVER";

    private static readonly Lazy<S3Server> Instance = new(() => new S3Server());
    public static S3Server Shared => Instance.Value;

    public string ServiceUrl { get; }
    private readonly Process _process;
    private readonly ConcurrentQueue<(string Method, string Url, string? Range)> _requests = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _marks = new();

    private S3Server()
    {
        var folder = Path.Combine(Repository.Root(), "tools", "s3-server");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "s3rver")))
            throw new InvalidOperationException($"s3rver is not installed in {folder}: run `npm ci --prefix tools/s3-server`, as ./test.sh does.");
        var data = Directory.CreateTempSubdirectory("rsm-s3-").FullName;
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "serve.js", data, Bucket }) start.ArgumentList.Add(a);
        _process = Process.Start(start)!;
        var listening = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) listening.TrySetResult(null);
            else if (e.Data.StartsWith("listening ")) listening.TrySetResult(e.Data["listening ".Length..]);
            else if (e.Data.Split(' ') is ["request", var method, var url, var range])
            {
                _requests.Enqueue((method, url, range == "-" ? null : range));
                if (_marks.TryRemove(url, out var mark)) mark.TrySetResult();
            }
        };
        var errors = new ConcurrentQueue<string>();
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) errors.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var port = listening.Task.WaitAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult()
                   ?? throw new InvalidOperationException($"s3rver did not start: {string.Join('\n', errors)}");
        ServiceUrl = $"http://127.0.0.1:{port}";
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { _process.Kill(); } catch (InvalidOperationException) { }
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        };
    }

    /// <summary>The requests the server received on the object key so far, in order: method, query string, Range
    /// header. Its log is read asynchronously, so a marker request is sent first and waited for: every request that
    /// the server answered before it has been read too.</summary>
    public async Task<List<(string Method, string Query, string? Range)>> RequestsOnAsync(string key)
    {
        var marker = $"/{Bucket}/marker-{Guid.NewGuid():N}";
        var seen = _marks.GetOrAdd(marker, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        using (var http = new HttpClient()) await http.GetAsync(ServiceUrl + marker);
        await seen.Task;
        return _requests
            .Select(r => (r.Method, Path: Uri.UnescapeDataString(r.Url.Split('?')[0]), Query: r.Url.Contains('?') ? r.Url[(r.Url.IndexOf('?') + 1)..] : "", r.Range))
            .Where(r => r.Path == $"/{Bucket}/{key}").Select(r => (r.Method, r.Query, r.Range)).ToList();
    }

    /// <summary>A client of its own, to look at the bucket as the app left it.</summary>
    public AmazonS3Client Client() => new(new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonS3Config { ServiceURL = ServiceUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED, ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED });
}

/// <summary>The app with its files in the test S3 server, under a key prefix of its own.</summary>
public abstract class S3AppFactory : StudioAppFactory
{
    public string KeyPrefix { get; } = $"app-{Guid.NewGuid():N}/";

    protected S3AppFactory()
    {
        Settings["Storage:Provider"] = "S3";
        Settings["Storage:S3:ServiceUrl"] = S3Server.Shared.ServiceUrl;
        Settings["Storage:S3:Bucket"] = S3Server.Bucket;
        Settings["Storage:S3:AccessKey"] = S3Server.AccessKey;
        Settings["Storage:S3:SecretKey"] = S3Server.SecretKey;
        Settings["Storage:S3:Prefix"] = KeyPrefix;
        // The smallest part S3 allows, so that a test file of a few megabytes goes up in several parts.
        Settings["Storage:S3:PartSizeMB"] = "5";
    }
}

public sealed class SqliteS3AppFactory : S3AppFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresS3AppFactory : S3AppFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

[CollectionDefinition(Name)]
public sealed class SqliteS3Collection : ICollectionFixture<SqliteS3AppFactory>
{
    public const string Name = "sqlite-s3";
}

[CollectionDefinition(Name)]
public sealed class PostgresS3Collection : ICollectionFixture<PostgresS3AppFactory>
{
    public const string Name = "postgres-s3";
}
