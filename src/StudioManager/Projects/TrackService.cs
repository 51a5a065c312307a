using StudioManager.Infrastructure.Time;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Storage;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Projects;

/// <summary>A project's tracks, each with its four version slots at a glance.</summary>
public sealed partial class TrackService(TenantDbContext db, CurrentTenant tenant, TimeProvider clock, ProjectService projects, IFileStorage storage)
{
    /// <summary>The project's tracks by number.</summary>
    [RequiresPermission(Permission.ViewProjects)]
    public async Task<List<TrackDto>> ListAsync(int projectId, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        await projects.FindAsync(projectId, ct);
        var tracks = await db.Tracks.AsNoTracking().Where(t => t.ProjectId == projectId).OrderBy(t => t.Number).ToListAsync(ct);
        return await ShapeAsync(tracks, ct);
    }

    [RequiresPermission(Permission.ViewProjects)]
    public async Task<TrackDto> GetAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return (await ShapeAsync([await FindAsync(id, ct)], ct))[0];
    }

    [RequiresPermission(Permission.ManageProjects)]
    public async Task<TrackDto> CreateAsync(int projectId, TrackInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var now = clock.StoredUtcNow();
        var track = new Track { ProjectId = projectId, CreatedAt = now, UpdatedAt = now };
        var v = new Validation();
        Apply(track, input, v);
        v.ThrowIfInvalid();
        await projects.FindAsync(projectId, ct);
        if (!input.Number.HasValue)
            track.Number = (await db.Tracks.Where(t => t.ProjectId == projectId).MaxAsync(t => (int?)t.Number, ct) ?? 0) + 1;
        db.Tracks.Add(track);
        await SaveAsync(track, ct);
        return (await ShapeAsync([track], ct))[0];
    }

    [RequiresPermission(Permission.ManageProjects)]
    public async Task<TrackDto> UpdateAsync(int id, TrackInput patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var track = await FindAsync(id, ct);
        var v = new Validation();
        Apply(track, patch, v);
        v.ThrowIfInvalid();
        track.UpdatedAt = clock.StoredUtcNow();
        await SaveAsync(track, ct);
        return (await ShapeAsync([track], ct))[0];
    }

    /// <summary>Deletes the track with its audio, comments, credits and shares.</summary>
    [RequiresPermission(Permission.ManageProjects)]
    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var track = await FindAsync(id, ct);
        var keys = await AudioFiles.KeysAsync(db.AudioRevisions.Where(r => r.TrackId == id), ct);
        db.Tracks.Remove(track);
        await db.SaveChangesAsync(ct);
        await AudioFiles.DeleteAsync(storage, keys);
    }

    internal async Task<Track> FindAsync(int id, CancellationToken ct) =>
        await db.Tracks.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException($"There is no track {id}.");

    /// <summary>A track number is unique in its project: 409 naming the field when taken (also when a simultaneous
    /// request took it first and the database refused ours).</summary>
    private async Task SaveAsync(Track track, CancellationToken ct)
    {
        async Task CheckAsync()
        {
            if (await db.Tracks.AnyAsync(t => t.ProjectId == track.ProjectId && t.Number == track.Number && t.Id != track.Id, ct))
                throw new ConflictException($"Track {track.Number} already exists in this project.")
                    { Errors = new Dictionary<string, string[]> { ["number"] = [$"Track {track.Number} already exists in this project."] } };
        }
        await CheckAsync();
        try { await db.SaveChangesAsync(ct); }
        catch (ConflictException)
        {
            await CheckAsync();
            throw;
        }
    }

    private async Task<List<TrackDto>> ShapeAsync(List<Track> tracks, CancellationToken ct)
    {
        var ids = tracks.Select(t => t.Id).ToList();
        var latest = await db.AudioRevisions.AsNoTracking().Where(r => ids.Contains(r.TrackId))
            .GroupBy(r => new { r.TrackId, r.Kind }).Select(g => new { g.Key.TrackId, g.Key.Kind, Revision = g.Max(r => r.Revision) }).ToListAsync(ct);
        var open = await db.TrackComments.AsNoTracking().Where(c => ids.Contains(c.TrackId) && c.ParentId == null && c.Status == CommentStatus.Open)
            .GroupBy(c => new { c.TrackId, c.VersionKind }).Select(g => new { g.Key.TrackId, g.Key.VersionKind, Count = g.Count() }).ToListAsync(ct);
        return tracks.Select(t => new TrackDto(t.Id, t.ProjectId, t.Number, t.Title, t.Status, t.DurationSeconds, t.Bpm, t.Key, t.Isrc, t.Lyrics,
            t.Composers, t.Lyricists, t.Copyright, t.Notes,
            VersionKinds.All.Select(k => new SlotSummary(k,
                latest.FirstOrDefault(l => l.TrackId == t.Id && l.Kind == k)?.Revision,
                open.FirstOrDefault(o => o.TrackId == t.Id && o.VersionKind == k)?.Count ?? 0)).ToList(),
            t.CreatedAt, t.UpdatedAt)).ToList();
    }

    private static void Apply(Track t, TrackInput i, Validation v)
    {
        if (i.Number.HasValue) t.Number = i.Number.Value;
        if (i.Title.HasValue) t.Title = Text.Clean(i.Title.Value) ?? "";
        if (i.Status.HasValue) t.Status = i.Status.Value;
        if (i.DurationSeconds.HasValue) t.DurationSeconds = i.DurationSeconds.Value;
        if (i.Bpm.HasValue) t.Bpm = i.Bpm.Value;
        if (i.Key.HasValue) t.Key = Text.Clean(i.Key.Value);
        if (i.Isrc.HasValue) t.Isrc = Text.Clean(i.Isrc.Value)?.Replace("-", "").ToUpperInvariant();
        if (i.Lyrics.HasValue) t.Lyrics = Text.Clean(i.Lyrics.Value);
        if (i.Composers.HasValue) t.Composers = Text.Clean(i.Composers.Value);
        if (i.Lyricists.HasValue) t.Lyricists = Text.Clean(i.Lyricists.Value);
        if (i.Copyright.HasValue) t.Copyright = Text.Clean(i.Copyright.Value);
        if (i.Notes.HasValue) t.Notes = Text.Clean(i.Notes.Value);
        v.Check(t.Title.Length > 0, "title", "A title is required.")
            .MaxLength("title", t.Title, 200)
            .Check(!i.Number.HasValue || t.Number is >= 1 and <= 999, "number", "The track number is between 1 and 999.")
            .Between("durationSeconds", t.DurationSeconds, 0, 86_400, "The duration (seconds)")
            .Between("bpm", t.Bpm, 1, 999, "The tempo (BPM)")
            .MaxLength("key", t.Key, 20)
            .Check(t.Isrc is null || Isrc().IsMatch(t.Isrc), "isrc", "An ISRC is 12 characters: country (2 letters), registrant (3), year (2 digits), designation (5 digits).")
            .MaxLength("lyrics", t.Lyrics, 50_000)
            .MaxLength("composers", t.Composers, 500)
            .MaxLength("lyricists", t.Lyricists, 500)
            .MaxLength("copyright", t.Copyright, 500)
            .MaxLength("notes", t.Notes, 10_000);
    }

    [GeneratedRegex("^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$")] private static partial Regex Isrc();
}
