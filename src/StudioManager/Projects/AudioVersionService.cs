using StudioManager.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Audio;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Infrastructure.Storage;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Projects;

/// <summary>A playable revision: what it is and its content (a seekable stream: HTTP Range is served from it), the
/// original or its compressed preview (MP3).</summary>
public sealed record RevisionAudio(RevisionDto Revision, Stream Content, bool IsPreview)
{
    public string ContentType => IsPreview ? AudioTranscoder.PreviewContentType : Revision.ContentType;
}

/// <summary>The four version slots of a track: uploads (each one the slot's next revision), playback, waveforms.</summary>
public sealed class AudioVersionService(TenantDbContext db, CurrentTenant tenant, TimeProvider clock, TrackService tracks,
    IFileStorage storage, AudioAnalyzer analyzer, AudioPreviews previews)
{
    public const long MaxBytes = 1L << 30;

    /// <summary>Receives a file into the slot as its next revision. The content is streamed to a temporary file
    /// (hashed as it passes, never held in memory), recognised from its bytes, read for its facts and waveform, then
    /// moved into storage. Anything that is not audio of an accepted format is refused (400) and nothing is kept. A
    /// lossless upload gets a compressed preview afterwards (AudioPreviews).</summary>
    [RequiresPermission(Permission.ManageProjects)]
    public async Task<RevisionDto> UploadAsync(int trackId, string? kind, Stream? content, string? fileName, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var slot = VersionKinds.Parse("kind", kind);
        await tracks.FindAsync(trackId, ct);
        if (content is null) throw new ValidationFailedException("file", "Send the audio as multipart/form-data in the field 'file'.");

        var temp = Path.Combine(storage.TempFolder, Guid.NewGuid().ToString("N"));
        try
        {
            var (size, sha256, format) = await ReceiveAsync(content, temp, ct);
            var facts = await analyzer.AnalyzeAsync(temp, format, ct)
                        ?? throw new ValidationFailedException("file", $"This file starts like {AudioSniffer.Extension(format).ToUpperInvariant()} but does not decode as audio.");
            var next = (await db.AudioRevisions.Where(r => r.TrackId == trackId && r.Kind == slot).MaxAsync(r => (int?)r.Revision, ct) ?? 0) + 1;
            var revision = new AudioRevision
            {
                TrackId = trackId, Kind = slot, Revision = next,
                StorageKey = $"studios/{tenant.Studio.OrganizationId}/audio/{trackId}/{slot.Name()}/{next}-{Guid.NewGuid():N}.{AudioSniffer.Extension(format)}",
                FileName = MultipartFile.CleanFileName(fileName, "audio." + AudioSniffer.Extension(format)), Format = format, ContentType = AudioSniffer.ContentType(format),
                SizeBytes = size, Sha256 = sha256, DurationMs = facts.DurationMs, SampleRate = facts.SampleRate, Channels = facts.Channels,
                BitsPerSample = facts.BitsPerSample, Peaks = facts.Peaks,
                UploadedAt = clock.StoredUtcNow(), UploadedBy = tenant.UserId, UploadedByName = tenant.UserName,
            };
            await storage.PutAsync(revision.StorageKey, temp, ct);
            try
            {
                db.AudioRevisions.Add(revision);
                await db.SaveChangesAsync(ct);
            }
            catch (Exception e)
            {
                await AudioFiles.DeleteAsync(storage, [revision.StorageKey]);
                if (e is ConflictException) throw new ConflictException($"Another upload became revision {next} of this {slot.Label().ToLowerInvariant()} first. Upload again.");
                throw;
            }
            if (previews.MakesPreviewOf(format)) previews.Enqueue(new PreviewJob(tenant.Studio, revision.Id));
            return RevisionDto.From(revision);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The four slots, each with its current revision and its history (newest first).</summary>
    [RequiresPermission(Permission.ViewProjects)]
    public async Task<List<SlotDto>> ListAsync(int trackId, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        await tracks.FindAsync(trackId, ct);
        var revisions = await db.AudioRevisions.AsNoTracking().Where(r => r.TrackId == trackId)
            .OrderByDescending(r => r.Revision).ToListAsync(ct);
        return VersionKinds.All.Select(k =>
        {
            var ofSlot = revisions.Where(r => r.Kind == k).Select(RevisionDto.From).ToList();
            return new SlotDto(k, ofSlot.FirstOrDefault(), ofSlot);
        }).ToList();
    }

    /// <summary>A revision's audio (the latest of the slot when revision is absent): its compressed preview when it has
    /// one, unless the original is asked for.</summary>
    [RequiresPermission(Permission.ViewProjects)]
    public async Task<RevisionAudio> OpenAsync(int trackId, string? kind, int? revision, bool original, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var found = await FindAsync(trackId, kind, revision, ct);
        return await OpenRevisionAsync(storage, found, original, ct);
    }

    /// <summary>A revision's waveform, computed when it was uploaded.</summary>
    [RequiresPermission(Permission.ViewProjects)]
    public async Task<WaveformDto> WaveformAsync(int trackId, string? kind, int? revision, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var r = await FindAsync(trackId, kind, revision, ct);
        return new WaveformDto(r.Kind, r.Revision, r.DurationMs / 1000.0, r.Peaks);
    }

    /// <summary>The preview when there is one and the original is not asked for, else the original.</summary>
    internal static async Task<RevisionAudio> OpenRevisionAsync(IFileStorage storage, AudioRevision r, bool original, CancellationToken ct)
    {
        if (!original && r.PreviewKey is { } previewKey && await storage.OpenReadAsync(previewKey, ct) is { } preview)
            return new RevisionAudio(RevisionDto.From(r), preview, IsPreview: true);
        return new RevisionAudio(RevisionDto.From(r), await storage.OpenReadAsync(r.StorageKey, ct)
            ?? throw new NotFoundException($"The file of revision {r.Revision} is missing from storage."), IsPreview: false);
    }

    /// <summary>The revision of a slot (the latest when revision is null).</summary>
    internal async Task<AudioRevision> FindAsync(int trackId, string? kind, int? revision, CancellationToken ct)
    {
        var slot = VersionKinds.Parse("kind", kind);
        await tracks.FindAsync(trackId, ct);
        var q = db.AudioRevisions.AsNoTracking().Where(r => r.TrackId == trackId && r.Kind == slot);
        if (revision is { } n) q = q.Where(r => r.Revision == n);
        return await q.OrderByDescending(r => r.Revision).FirstOrDefaultAsync(ct)
               ?? throw new NotFoundException(revision is null ? $"The {slot.Label().ToLowerInvariant()} of track {trackId} has no audio yet."
                   : $"There is no revision {revision} of the {slot.Label().ToLowerInvariant()} of track {trackId}.");
    }

    private static async Task<(long Size, string Sha256, AudioFormat Format)> ReceiveAsync(Stream content, string temp, CancellationToken ct)
    {
        var received = await ReceivedFile.ReceiveAsync(content, temp, MaxBytes, "An audio file is at most 1 GB.", ct);
        await using var file = File.OpenRead(temp);
        var format = AudioSniffer.Detect(file)
                     ?? throw new ValidationFailedException("file", $"This file is not audio the studio accepts ({AudioSniffer.Accepted}), judging by its content.");
        return (received.Size, received.Sha256, format);
    }
}
