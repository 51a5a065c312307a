using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace StudioManager.Infrastructure.Storage;

/// <summary>Configuration section "Storage": where uploaded files live.</summary>
public sealed class StorageOptions
{
    /// <summary>"Local" (under the data folder, the default) or "S3" (any S3-compatible service).</summary>
    public string Provider { get; set; } = "Local";

    public S3StorageOptions S3 { get; set; } = new();

    /// <summary>The storage the configuration names; an incomplete S3 section fails start-up with what is missing.</summary>
    public static IFileStorage Create(IConfiguration configuration, string dataPath)
    {
        var options = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        return options.Provider.ToLowerInvariant() switch
        {
            "local" => new LocalFileStorage(dataPath),
            "s3" => new S3FileStorage(options.S3, dataPath),
            _ => throw new InvalidOperationException($"Storage:Provider is '{options.Provider}': use Local or S3."),
        };
    }
}

public sealed class S3StorageOptions
{
    public string? Bucket { get; set; }
    /// <summary>The service's address (https://s3.eu-west-1.amazonaws.com, http://minio:9000…); empty: AWS in Region.</summary>
    public string? ServiceUrl { get; set; }
    public string Region { get; set; } = "us-east-1";
    /// <summary>bucket in the path (most S3-compatible servers) rather than in the host name.</summary>
    public bool ForcePathStyle { get; set; } = true;
    /// <summary>Empty: the SDK's default chain (environment, profile, instance role).</summary>
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    /// <summary>Files larger than this go up as a multipart upload of parts this size (5 MB at least, S3's minimum).</summary>
    public int PartSizeMB { get; set; } = 16;
    /// <summary>Object keys start with this (e.g. "rsm/"), so that one bucket can hold several installations.</summary>
    public string Prefix { get; set; } = "";
}

/// <summary>Files as objects of an S3-compatible bucket under the same keys as on local disk. Uploads go from the
/// received temporary file, in parts for large files (only one part's worth of file is read at a time, by the SDK, from
/// disk), each signed whole rather than in aws-chunked encoding, which not every S3-compatible server decodes (the SDK
/// reads the part twice from disk: once to hash it, once to send it); reads are seekable streams over ranged GETs, so HTTP Range playback fetches only what it sends.</summary>
public sealed class S3FileStorage : IFileStorage, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly long _partSize;

    public S3FileStorage(S3StorageOptions options, string dataPath)
    {
        if (string.IsNullOrWhiteSpace(options.Bucket)) throw new InvalidOperationException("Storage:S3:Bucket is required when Storage:Provider is S3.");
        if (options.PartSizeMB < 5) throw new InvalidOperationException("Storage:S3:PartSizeMB is at least 5 (S3's smallest part).");
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // Checksums only where S3 requires them: the SDK's default (a CRC trailer on every upload, aws-chunked) is
            // not understood by every S3-compatible server; the upload's SHA-256 is kept in the database anyway.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl)) config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        _client = string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
        _bucket = options.Bucket;
        _prefix = options.Prefix;
        _partSize = options.PartSizeMB * 1024L * 1024L;
        TempFolder = Directory.CreateDirectory(Path.Combine(dataPath, "tmp", "uploads")).FullName;
    }

    public string TempFolder { get; }

    public async Task PutAsync(string key, string localFile, CancellationToken ct)
    {
        var objectKey = ObjectKey(key);
        var size = new FileInfo(localFile).Length;
        if (size <= _partSize)
            await _client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = objectKey, FilePath = localFile, UseChunkEncoding = false }, ct);
        else
            await PutInPartsAsync(objectKey, localFile, size, ct);
        File.Delete(localFile);
    }

    private async Task PutInPartsAsync(string objectKey, string localFile, long size, CancellationToken ct)
    {
        var upload = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = objectKey }, ct);
        try
        {
            var parts = new List<PartETag>();
            for (var (number, position) = (1, 0L); position < size; number++, position += _partSize)
            {
                var part = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _bucket, Key = objectKey, UploadId = upload.UploadId, PartNumber = number,
                    FilePath = localFile, FilePosition = position, PartSize = Math.Min(_partSize, size - position), UseChunkEncoding = false,
                }, ct);
                parts.Add(new PartETag(number, part.ETag));
            }
            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket, Key = objectKey, UploadId = upload.UploadId, PartETags = parts,
            }, ct);
        }
        catch
        {
            // Parts of an unfinished upload are billed until aborted.
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = objectKey, UploadId = upload.UploadId }, CancellationToken.None);
            throw;
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        var objectKey = ObjectKey(key);
        try
        {
            var head = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = objectKey }, ct);
            return new RangedObjectStream(_client, _bucket, objectKey, head.ContentLength);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        try { await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = ObjectKey(key) }, ct); }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new IOException($"The storage did not delete {key}: {e.Message}", e);
        }
    }

    private string ObjectKey(string key) => _prefix + StorageKeys.Checked(key);

    public void Dispose() => _client.Dispose();
}

/// <summary>A read-only, seekable view of one object: each read continues the current ranged GET; a seek drops it and
/// the next read starts another at the new position. Each GET asks for a window that doubles while reading goes on
/// (256 KiB to 32 MiB): a seek costs a small request, a whole-file stream few large ones.</summary>
internal sealed class RangedObjectStream(IAmazonS3 client, string bucket, string key, long length) : Stream
{
    private const long FirstWindow = 256 * 1024, LargestWindow = 32 * 1024 * 1024;
    private GetObjectResponse? _response;
    private Stream? _body;
    private long _position, _bodyEnd, _window = FirstWindow;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => _position + offset, _ => length + offset };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        if (target != _position)
        {
            DropBody();
            _window = FirstWindow;
        }
        _position = target;
        return _position;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_position >= length || buffer.Length == 0) return 0;
        if (_body is null || _position >= _bodyEnd)
        {
            DropBody();
            var end = Math.Min(length, _position + _window);
            _response = await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, ByteRange = new ByteRange(_position, end - 1) }, ct);
            _body = _response.ResponseStream;
            _bodyEnd = end;
            _window = Math.Min(_window * 2, LargestWindow);
        }
        var read = await _body.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _bodyEnd - _position)], ct);
        if (read == 0) throw new IOException($"The storage ended {key} at {_position} of {length} bytes.");
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    private void DropBody()
    {
        _body?.Dispose();
        _response?.Dispose();
        _body = null;
        _response = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) DropBody();
        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
