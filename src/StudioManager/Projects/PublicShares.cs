using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Storage;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Projects;

/// <summary>One track on a share's public page: the revision it plays and its waveform.</summary>
public sealed record SharedTrack(int Number, string Title, RevisionDto Revision, IReadOnlyList<float> Peaks);

/// <summary>What a share link shows: its studio's name, the tracks, whether downloads are allowed, and the ticket
/// the page's audio and downloads carry (so that playing and seeking do not count as views).</summary>
public sealed record SharedView(string StudioName, string Title, IReadOnlyList<SharedTrack> Tracks, bool AllowDownload, string Ticket);

/// <summary>Why a share link shows nothing.</summary>
public sealed class ShareUnavailableException(string message, bool needsPassword = false, bool gone = false) : RefusedException(message)
{
    public bool NeedsPassword { get; } = needsPassword;
    /// <summary>The link existed: revoked, expired or used up (410), not unknown (404).</summary>
    public bool Gone { get; } = gone;
}

/// <summary>Share links as the public sees them, without an account: the token names its studio ("{slug}.{secret}"),
/// only that studio's database is opened, and the link must be found there by the hash of the whole token, so a token
/// of one studio never reads another's files. Honours expiry, revocation, password and view limit; downloads only when
/// allowed.</summary>
public sealed class PublicShares(StudioDirectory directory, IOptions<DatabaseOptions> options, IFileStorage storage, TimeProvider clock,
    IDataProtectionProvider protection, ILoggerFactory loggers)
{
    private static readonly TimeSpan TicketLifetime = TimeSpan.FromHours(6);
    private ITimeLimitedDataProtector Tickets => protection.CreateProtector("StudioManager.Projects.ShareTicket").ToTimeLimitedDataProtector();

    /// <summary>Opens the link for a view: checks it and its password, counts the view (the limit holds under
    /// simultaneous views: the count only rises while below it) and lists what it plays.</summary>
    public async Task<SharedView> ViewAsync(string token, string? password, CancellationToken ct = default)
    {
        var (studio, db) = await OpenStudioAsync(token, ct);
        await using (db)
        {
            var share = await ActiveShareAsync(db, token, ct);
            if (share.PasswordHash is { } hash && !SharePasswords.Verify(password, hash))
                throw new ShareUnavailableException(password is null ? "This link is protected by a password." : "The password is not right.", needsPassword: true);
            var counted = await db.ShareLinks.Where(s => s.Id == share.Id && (s.MaxViews == null || s.Views < s.MaxViews))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Views, s => s.Views + 1), ct);
            if (counted == 0) throw new ShareUnavailableException("This link has been viewed as many times as it allows.", gone: true);

            var tracks = await SharedTracksAsync(db, share, ct);
            var title = share.ProjectId is { } projectId
                ? (await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => p.Name).FirstAsync(ct))
                : tracks.FirstOrDefault()?.Title ?? "Shared track";
            return new SharedView(studio.Name, title, tracks, share.AllowDownload, Tickets.Protect(ShareService.HashToken(token), TicketLifetime));
        }
    }

    /// <summary>A revision's audio through the link: its ticket must be this link's, the link still active (views
    /// already granted play on), the revision one the link shows; a download only when the link allows it. Playing
    /// streams the compressed preview when there is one, a download the original.</summary>
    public async Task<RevisionAudio> AudioAsync(string token, string? ticket, int revisionId, bool download, CancellationToken ct = default)
    {
        var (_, db) = await OpenStudioAsync(token, ct);
        await using (db)
        {
            var share = await ActiveShareAsync(db, token, ct, viewsCount: false);
            if (!TicketMatches(ticket, token)) throw new NotFoundException("Open the link's page again.");
            if (download && !share.AllowDownload) throw new ForbiddenException("This link plays the audio but does not allow downloading it.");
            var revision = (await SharedRevisionsAsync(db, share, ct)).FirstOrDefault(r => r.Id == revisionId)
                           ?? throw new NotFoundException("This link does not share that audio.");
            return await AudioVersionService.OpenRevisionAsync(storage, revision, original: download, ct);
        }
    }

    private bool TicketMatches(string? ticket, string token)
    {
        if (string.IsNullOrEmpty(ticket)) return false;
        try { return Tickets.Unprotect(ticket) == ShareService.HashToken(token); }
        catch (System.Security.Cryptography.CryptographicException) { return false; }
    }

    private async Task<(ResolvedStudio Studio, TenantDbContext Db)> OpenStudioAsync(string token, CancellationToken ct)
    {
        var dot = token.IndexOf('.');
        var studio = dot > 0 ? await directory.FindAsync(token[..dot], ct) : null;
        if (studio is null || studio.Status != Platform.TenantDatabaseStatus.Ready) throw new ShareUnavailableException("This link does not exist.");
        return (studio, DbContextConfiguration.CreateTenantContext(options.Value, studio.Provider, studio.Server, studio.DatabaseName, loggers));
    }

    private async Task<ShareLink> ActiveShareAsync(TenantDbContext db, string token, CancellationToken ct, bool viewsCount = true)
    {
        var hash = ShareService.HashToken(token);
        var share = await db.ShareLinks.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash, ct) ?? throw new ShareUnavailableException("This link does not exist.");
        var state = ShareService.StateOf(share, clock.GetUtcNow().UtcDateTime);
        return state switch
        {
            ShareState.Revoked => throw new ShareUnavailableException("This link was revoked by the studio.", gone: true),
            ShareState.Expired => throw new ShareUnavailableException("This link has expired.", gone: true),
            ShareState.UsedUp when viewsCount => throw new ShareUnavailableException("This link has been viewed as many times as it allows.", gone: true),
            _ => share,
        };
    }

    /// <summary>The revisions the link plays: for a track, the latest of its slot (or of its most finished slot); for
    /// a project, the latest of each track's most finished slot.</summary>
    private static async Task<List<AudioRevision>> SharedRevisionsAsync(TenantDbContext db, ShareLink share, CancellationToken ct)
    {
        var trackIds = share.TrackId is { } t ? [t] : await db.Tracks.Where(x => x.ProjectId == share.ProjectId).Select(x => x.Id).ToListAsync(ct);
        var revisions = await db.AudioRevisions.AsNoTracking().Where(r => trackIds.Contains(r.TrackId)).ToListAsync(ct);
        return revisions.Where(r => share.VersionKind is null || r.Kind == share.VersionKind)
            .GroupBy(r => r.TrackId)
            .Select(g => g.OrderByDescending(r => r.Kind).ThenByDescending(r => r.Revision).First())
            .ToList();
    }

    private static async Task<List<SharedTrack>> SharedTracksAsync(TenantDbContext db, ShareLink share, CancellationToken ct)
    {
        var revisions = await SharedRevisionsAsync(db, share, ct);
        var ids = revisions.Select(r => r.TrackId).ToList();
        var tracks = await db.Tracks.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        return revisions.Select(r => new SharedTrack(tracks[r.TrackId].Number, tracks[r.TrackId].Title, RevisionDto.From(r), r.Peaks))
            .OrderBy(s => s.Number).ToList();
    }
}
