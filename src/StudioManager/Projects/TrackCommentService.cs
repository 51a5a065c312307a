using StudioManager.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Projects;

/// <summary>Comments pinned in time on a track's versions: threads ordered by position, replies by date; open or
/// resolved; an edit records EditedAt.</summary>
public sealed class TrackCommentService(TenantDbContext db, CurrentTenant tenant, TimeProvider clock, TrackService tracks)
{
    public const int MaxLength = 5_000;

    /// <summary>The track's threads (of one slot when version is given), by position, each with its replies.</summary>
    [RequiresPermission(Permission.ViewProjects)]
    public async Task<List<TrackCommentDto>> ListAsync(int trackId, string? version, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var slot = string.IsNullOrEmpty(version) ? (VersionKind?)null : VersionKinds.Parse("version", version);
        await tracks.FindAsync(trackId, ct);
        var q = db.TrackComments.AsNoTracking().Where(c => c.TrackId == trackId);
        if (slot is { } k) q = q.Where(c => c.VersionKind == k);
        var all = await q.OrderBy(c => c.PositionMs).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(ct);
        var replies = all.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId!.Value);
        return all.Where(c => c.ParentId is null).Select(c => Dto(c, replies[c.Id].Select(r => Dto(r, [])).ToList())).ToList();
    }

    [RequiresPermission(Permission.ManageProjects)]
    public async Task<TrackCommentDto> AddAsync(int trackId, TrackCommentInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var content = CheckContent(input.Content);
        await tracks.FindAsync(trackId, ct);
        var comment = new TrackComment { TrackId = trackId, Content = content, AuthorId = tenant.UserId, AuthorName = tenant.UserName, CreatedAt = clock.StoredUtcNow() };
        if (input.ParentId is { } parentId)
        {
            var parent = await db.TrackComments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == parentId && c.TrackId == trackId, ct)
                         ?? throw new ValidationFailedException("parentId", $"There is no comment {parentId} on this track.");
            // Threads are one level deep: a reply to a reply joins the same thread.
            comment.ParentId = parent.ParentId ?? parent.Id;
            (comment.VersionKind, comment.Revision, comment.PositionMs) = (parent.VersionKind, parent.Revision, parent.PositionMs);
        }
        else
        {
            var v = new Validation();
            v.Check(input.VersionKind is not null, "versionKind", "Say which version the comment is on.")
                .Check(input.PositionSeconds is not null, "positionSeconds", "Say where in the audio the comment is (seconds).");
            v.ThrowIfInvalid();
            comment.VersionKind = VersionKinds.Parse("versionKind", input.VersionKind);
            var current = await db.AudioRevisions.AsNoTracking().Where(r => r.TrackId == trackId && r.Kind == comment.VersionKind)
                              .OrderByDescending(r => r.Revision).FirstOrDefaultAsync(ct)
                          ?? throw new ValidationFailedException("versionKind", $"The {comment.VersionKind.Label().ToLowerInvariant()} has no audio yet.");
            comment.Revision = current.Revision;
            comment.PositionMs = CheckPosition(input.PositionSeconds!.Value, current.DurationMs);
        }
        db.TrackComments.Add(comment);
        await db.SaveChangesAsync(ct);
        return Dto(comment, []);
    }

    /// <summary>Changes the text (EditedAt) or the thread's status (open, resolved).</summary>
    [RequiresPermission(Permission.ManageProjects)]
    public async Task<TrackCommentDto> UpdateAsync(int trackId, int commentId, TrackCommentPatch patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var comment = await db.TrackComments.FirstOrDefaultAsync(c => c.Id == commentId && c.TrackId == trackId, ct)
                      ?? throw new NotFoundException($"There is no comment {commentId} on track {trackId}.");
        var now = clock.StoredUtcNow();
        if (patch.Content.HasValue)
        {
            var content = CheckContent(patch.Content.Value);
            if (content != comment.Content) (comment.Content, comment.EditedAt) = (content, now);
        }
        if (patch.Status.HasValue && patch.Status.Value != comment.Status)
        {
            if (comment.ParentId is not null) throw new ValidationFailedException("status", "A thread is resolved as a whole: change the status of its first comment.");
            comment.Status = patch.Status.Value;
            comment.ResolvedAt = comment.Status == CommentStatus.Resolved ? now : null;
        }
        await db.SaveChangesAsync(ct);
        var replies = await db.TrackComments.AsNoTracking().Where(c => c.ParentId == comment.Id).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(ct);
        return Dto(comment, replies.Select(r => Dto(r, [])).ToList());
    }

    /// <summary>Deletes the comment (a thread's first comment: with its replies).</summary>
    [RequiresPermission(Permission.ManageProjects)]
    public async Task DeleteAsync(int trackId, int commentId, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var comment = await db.TrackComments.FirstOrDefaultAsync(c => c.Id == commentId && c.TrackId == trackId, ct)
                      ?? throw new NotFoundException($"There is no comment {commentId} on track {trackId}.");
        db.TrackComments.Remove(comment);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Seconds to whole milliseconds, within the audio.</summary>
    internal static long CheckPosition(decimal seconds, long? durationMs)
    {
        var ms = (long)decimal.Round(seconds * 1000, MidpointRounding.AwayFromZero);
        new Validation()
            .Check(seconds >= 0, "positionSeconds", "The position is 0 or more seconds.")
            .Check(decimal.Round(seconds, 3) == seconds, "positionSeconds", "The position has millisecond precision at most (3 decimals).")
            .Check(durationMs is null || ms <= durationMs, "positionSeconds", $"The position is within the audio (0 to {durationMs / 1000.0:0.000} s).")
            .ThrowIfInvalid();
        return ms;
    }

    private static string CheckContent(string? content)
    {
        var text = content?.Trim() ?? "";
        new Validation()
            .Check(text.Length > 0, "content", "The comment is empty.")
            .Check(text.Length <= MaxLength, "content", $"A comment has at most {MaxLength:N0} characters.")
            .ThrowIfInvalid();
        return text;
    }

    private static TrackCommentDto Dto(TrackComment c, IReadOnlyList<TrackCommentDto> replies) => new(c.Id, c.TrackId, c.VersionKind, c.Revision, c.ParentId,
        c.PositionMs / 1000.0, c.Content, c.Status, c.AuthorName, c.CreatedAt, c.EditedAt, c.ResolvedAt, replies);
}
