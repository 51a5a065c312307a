using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudioManager.Infrastructure.Audio;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Storage;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Projects;

/// <summary>A preview to make: a revision of a studio (as resolved at upload: renaming the studio meanwhile changes nothing).</summary>
public sealed record PreviewJob(ResolvedStudio Studio, int RevisionId);

/// <summary>Compressed previews of lossless uploads (PRODUCT.md §4), made after the upload, off the request path (a
/// 10-minute WAV takes seconds of ffmpeg): the player and share pages stream the preview, downloads the original. Until
/// one is made, or when none is (compressed upload, ffmpeg missing), the original plays. One preview at a time per node,
/// so that encoding never takes both cores from the requests. The queue is in memory: a job lost to a restart leaves its
/// revision playing the original.</summary>
public sealed class AudioPreviews(IFileStorage storage, AudioTranscoder transcoder, IOptions<DatabaseOptions> options, ILoggerFactory loggers)
{
    private readonly Channel<PreviewJob> _jobs = Channel.CreateUnbounded<PreviewJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly ILogger _logger = loggers.CreateLogger<AudioPreviews>();

    public bool MakesPreviewOf(AudioFormat format) => transcoder.MakesPreviewOf(format);

    public void Enqueue(PreviewJob job) => _jobs.Writer.TryWrite(job);

    /// <summary>Makes every preview queued so far (the tests run the queue themselves when PreviewsInBackground is off).</summary>
    public async Task RunPendingAsync(CancellationToken ct = default)
    {
        while (_jobs.Reader.TryRead(out var job)) await MakeAsync(job, ct);
    }

    internal async Task RunAsync(CancellationToken stop)
    {
        await foreach (var job in _jobs.Reader.ReadAllAsync(stop)) await MakeAsync(job, stop);
    }

    /// <summary>The preview's key: the original's, "-preview.mp3" for its extension.</summary>
    public static string PreviewKeyOf(string originalKey) => Path.ChangeExtension(originalKey, null) + "-preview.mp3";

    private async Task MakeAsync(PreviewJob job, CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var studio = job.Studio;
            await using var db = DbContextConfiguration.CreateTenantContext(options.Value, studio.Provider, studio.Server, studio.DatabaseName, loggers);
            var revision = await db.AudioRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == job.RevisionId, ct);
            if (revision is null || revision.PreviewKey is not null) return;

            var key = PreviewKeyOf(revision.StorageKey);
            var temp = Path.Combine(storage.TempFolder, Guid.NewGuid().ToString("N"));
            try
            {
                await using (var original = await storage.OpenReadAsync(revision.StorageKey, ct))
                    if (original is null || !await transcoder.EncodePreviewAsync(original, temp, ct)) return;
                await storage.PutAsync(key, temp, ct);
            }
            finally
            {
                File.Delete(temp);
            }
            var saved = await db.AudioRevisions.Where(r => r.Id == revision.Id && r.PreviewKey == null)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.PreviewKey, key), ct);
            // The revision went (its track was deleted) while the preview was made: the preview goes too.
            if (saved == 0) await AudioFiles.DeleteAsync(storage, [key]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "No preview for revision {Revision} of studio {Studio}: the original plays", job.RevisionId, job.Studio.OrganizationId);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}

/// <summary>Makes the queued previews as they come.</summary>
public sealed class AudioPreviewWorker(AudioPreviews previews) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => previews.RunAsync(stoppingToken);
}

public static class AudioPreviewSetup
{
    /// <summary>The previews' queue, and its worker unless Audio:PreviewsInBackground is false.</summary>
    public static void AddAudioPreviews(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<AudioTranscoder>();
        services.AddSingleton<AudioPreviews>();
        if (config.GetSection("Audio").Get<AudioOptions>() is not { PreviewsInBackground: false })
            services.AddHostedService<AudioPreviewWorker>();
    }
}
