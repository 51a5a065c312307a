using StudioManager.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Projects;

/// <summary>The studio's catalogue of musicians and talents.</summary>
public sealed class MusicianService(TenantDbContext db, CurrentTenant tenant, TimeProvider clock)
{
    /// <summary>By name; q searches name, stage name, instruments and genres.</summary>
    [RequiresPermission(Permission.ViewProjects)]
    public async Task<ListPage<MusicianDto>> ListAsync(string? q, int? page, int? pageSize, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var query = db.Musicians.AsNoTracking();
        var all = await query.OrderBy(m => m.Name).ThenBy(m => m.Id).ToListAsync(ct);
        // The catalogue of one studio is small: instruments and genres (lists) are matched here, alike on both providers.
        var words = (q ?? "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var matching = all.Where(m => words.All(w => string.Join(' ', [m.Name, m.StageName, m.Email, .. m.Instruments, .. m.Genres]).ToLowerInvariant().Contains(w))).ToList();
        var paging = Paging.Of(page, pageSize);
        return new ListPage<MusicianDto>(matching.Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize).Select(Dto).ToList(),
            matching.Count, paging.Page, paging.PageSize);
    }

    [RequiresPermission(Permission.ViewProjects)]
    public async Task<MusicianDto> GetAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return Dto(await FindAsync(id, ct));
    }

    [RequiresPermission(Permission.ManageProjects)]
    public async Task<MusicianDto> CreateAsync(MusicianInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var now = clock.StoredUtcNow();
        var musician = new Musician { CreatedAt = now, UpdatedAt = now };
        Apply(musician, input);
        db.Musicians.Add(musician);
        await db.SaveChangesAsync(ct);
        return Dto(musician);
    }

    [RequiresPermission(Permission.ManageProjects)]
    public async Task<MusicianDto> UpdateAsync(int id, MusicianInput patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var musician = await FindAsync(id, ct);
        Apply(musician, patch);
        musician.UpdatedAt = clock.StoredUtcNow();
        await db.SaveChangesAsync(ct);
        return Dto(musician);
    }

    /// <summary>Deletes a musician no track credits (409 otherwise: archive with isActive false).</summary>
    [RequiresPermission(Permission.ManageProjects)]
    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var musician = await FindAsync(id, ct);
        if (await db.TrackCredits.AnyAsync(c => c.MusicianId == id, ct))
            throw new ConflictException($"{musician.Name} is credited on tracks: archive them instead (isActive false).");
        db.Musicians.Remove(musician);
        await db.SaveChangesAsync(ct);
    }

    internal async Task<Musician> FindAsync(int id, CancellationToken ct) =>
        await db.Musicians.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException($"There is no musician {id}.");

    /// <summary>The rate is money: only roles that see money read it (and set it).</summary>
    private MusicianDto Dto(Musician m) => new(m.Id, m.Name, m.StageName, m.Instruments, m.Genres, m.Email, m.Phone,
        tenant.Can(Permission.ViewMoney) ? m.Rate : null, m.Notes, m.IsActive, m.CreatedAt, m.UpdatedAt);

    private void Apply(Musician m, MusicianInput i)
    {
        if (i.Name.HasValue) m.Name = Text.Clean(i.Name.Value) ?? "";
        if (i.StageName.HasValue) m.StageName = Text.Clean(i.StageName.Value);
        if (i.Instruments.HasValue) m.Instruments = Text.CleanList(i.Instruments.Value);
        if (i.Genres.HasValue) m.Genres = Text.CleanList(i.Genres.Value);
        if (i.Email.HasValue) m.Email = Text.Clean(i.Email.Value);
        if (i.Phone.HasValue) m.Phone = Text.Clean(i.Phone.Value);
        if (i.Notes.HasValue) m.Notes = Text.Clean(i.Notes.Value);
        if (i.IsActive.HasValue) m.IsActive = i.IsActive.Value;
        var v = new Validation();
        if (i.Rate.HasValue)
        {
            v.Check(tenant.Can(Permission.ViewMoney), "rate", "Your role does not handle money: leave the rate out.");
            m.Rate = i.Rate.Value;
        }
        v.Check(m.Name.Length > 0, "name", "A name is required.")
            .MaxLength("name", m.Name, 200)
            .MaxLength("stageName", m.StageName, 200)
            .Check(m.Instruments.Count <= 30, "instruments", "At most 30 instruments.")
            .Check(m.Genres.Count <= 20, "genres", "At most 20 genres.")
            .Email("email", m.Email)
            .Phone("phone", m.Phone)
            .Between("rate", m.Rate, 0, 1_000_000, "The rate")
            .MaxLength("notes", m.Notes, 10_000);
        foreach (var s in m.Instruments.Concat(m.Genres)) v.MaxLength("instruments", s, 50);
        v.ThrowIfInvalid();
    }
}
