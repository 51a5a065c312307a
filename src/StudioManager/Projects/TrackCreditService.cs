using StudioManager.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Projects;

/// <summary>Who did what on a track. Splits come in two kinds, each totalling at most 100 % on a track: publishing
/// (the song: composers and lyricists) and master (the recording: every other role).</summary>
public sealed class TrackCreditService(TenantDbContext db, CurrentTenant tenant, TimeProvider clock, TrackService tracks, MusicianService musicians)
{
    [RequiresPermission(Permission.ViewProjects)]
    public async Task<List<TrackCreditDto>> ListAsync(int trackId, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        await tracks.FindAsync(trackId, ct);
        return (await db.TrackCredits.AsNoTracking().Where(c => c.TrackId == trackId)
            .OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Role).ThenBy(c => c.Id).ToListAsync(ct)).Select(Dto).ToList();
    }

    [RequiresPermission(Permission.ManageProjects)]
    public async Task<TrackCreditDto> AddAsync(int trackId, TrackCreditInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        await tracks.FindAsync(trackId, ct);
        var credit = new TrackCredit { TrackId = trackId, CreatedAt = clock.StoredUtcNow() };
        new Validation().Check(input.Role.HasValue, "role", "Say what they did (role).").ThrowIfInvalid();
        await ApplyAsync(credit, input, ct);
        await SaveWithinSplitsAsync(credit, () => db.TrackCredits.Add(credit), ct);
        return Dto(credit);
    }

    [RequiresPermission(Permission.ManageProjects)]
    public async Task<TrackCreditDto> UpdateAsync(int trackId, int creditId, TrackCreditInput patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var credit = await FindAsync(trackId, creditId, ct);
        await ApplyAsync(credit, patch, ct);
        await SaveWithinSplitsAsync(credit, () => { }, ct);
        return Dto(credit);
    }

    [RequiresPermission(Permission.ManageProjects)]
    public async Task DeleteAsync(int trackId, int creditId, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        db.TrackCredits.Remove(await FindAsync(trackId, creditId, ct));
        await db.SaveChangesAsync(ct);
    }

    public static bool IsPublishing(CreditRole role) => role is CreditRole.Composer or CreditRole.Lyricist;

    /// <summary>Saves with the credits table locked, so two simultaneous credits cannot together pass 100 %.</summary>
    private async Task SaveWithinSplitsAsync(TrackCredit credit, Action add, CancellationToken ct) =>
        await db.InTransactionAsync(async () =>
        {
            await db.LockTableAsync<TrackCredit>(ct);
            if (credit.SplitPercent is { } split)
            {
                var publishing = IsPublishing(credit.Role);
                var others = (await db.TrackCredits.AsNoTracking().Where(c => c.TrackId == credit.TrackId && c.Id != credit.Id && c.SplitPercent != null)
                    .Select(c => new { c.Role, c.SplitPercent }).ToListAsync(ct)).Where(c => IsPublishing(c.Role) == publishing).Sum(c => c.SplitPercent!.Value);
                var total = others + split;
                if (total > 100)
                    throw new ValidationFailedException("splitPercent",
                        $"The {(publishing ? "publishing" : "master")} splits of this track would total {total:0.##} %: {total - 100:0.##} % too many ({others:0.##} % is already given).");
            }
            add();
            await db.SaveChangesAsync(ct);
            return credit;
        }, ct);

    private async Task ApplyAsync(TrackCredit c, TrackCreditInput i, CancellationToken ct)
    {
        if (i.Role.HasValue) c.Role = i.Role.Value;
        if (i.IsPrimary.HasValue) c.IsPrimary = i.IsPrimary.Value;
        if (i.SplitPercent.HasValue) c.SplitPercent = i.SplitPercent.Value;
        if (i.MusicianId.HasValue) c.MusicianId = i.MusicianId.Value;
        if (i.Name.HasValue) c.Name = Text.Clean(i.Name.Value) ?? "";
        if (i.MusicianId.HasValue && c.MusicianId is { } musicianId)
        {
            try { c.Name = (await musicians.GetAsync(musicianId, ct)).Name; }
            catch (NotFoundException) { throw new ValidationFailedException("musicianId", $"There is no musician {musicianId}."); }
        }
        new Validation()
            .Check(c.Name.Length > 0, "name", "Name the person, or choose a musician (musicianId).")
            .MaxLength("name", c.Name, 200)
            .Between("splitPercent", c.SplitPercent, 0, 100, "A split (percent)")
            .Check(c.SplitPercent is null || decimal.Round(c.SplitPercent.Value, 2) == c.SplitPercent, "splitPercent", "A split has at most 2 decimals.")
            .ThrowIfInvalid();
    }

    private async Task<TrackCredit> FindAsync(int trackId, int creditId, CancellationToken ct) =>
        await db.TrackCredits.FirstOrDefaultAsync(c => c.Id == creditId && c.TrackId == trackId, ct)
        ?? throw new NotFoundException($"There is no credit {creditId} on track {trackId}.");

    private static TrackCreditDto Dto(TrackCredit c) => new(c.Id, c.TrackId, c.MusicianId, c.Name, c.Role, c.IsPrimary, c.SplitPercent);
}
