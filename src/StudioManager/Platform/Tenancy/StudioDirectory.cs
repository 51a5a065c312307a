using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using StudioManager.Infrastructure.Data;
using StudioManager.Platform;

namespace StudioManager.Platform.Tenancy;

/// <summary>Finds a studio and its database by slug, with a short cache, and a member's role (never cached:
/// a removed member loses access at once).</summary>
public sealed record MemberStudio(int Id, string Slug, string Name, StudioRole Role);

public sealed class StudioDirectory(MasterDbContext master, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task<ResolvedStudio?> FindAsync(string slug, CancellationToken ct = default)
    {
        slug = slug.ToLowerInvariant();
        if (cache.TryGetValue(CacheKey(slug), out ResolvedStudio? cached)) return cached;

        var studio = await (
            from o in master.Organizations.AsNoTracking()
            join t in master.TenantDatabases on o.Id equals t.OrganizationId
            where o.Slug == slug
            select new ResolvedStudio(o.Id, o.Slug, o.Name, o.TimeZone, o.Currency, t.Provider, t.Server, t.DatabaseName, t.Status))
            .FirstOrDefaultAsync(ct);
        if (studio is not null) cache.Set(CacheKey(slug), studio, CacheFor);
        return studio;
    }

    public Task<StudioRole?> RoleOfAsync(int organizationId, int userId, CancellationToken ct = default) =>
        master.OrganizationMembers.AsNoTracking()
            .Where(m => m.OrganizationId == organizationId && m.UserId == userId)
            .Select(m => (StudioRole?)m.Role)
            .FirstOrDefaultAsync(ct);

    /// <summary>The studios a user belongs to, by name, with their role in each (the switcher, /api/me, landing).</summary>
    public Task<List<MemberStudio>> StudiosOfAsync(int userId, CancellationToken ct = default) =>
        master.OrganizationMembers.AsNoTracking()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.Organization.Name)
            .Select(m => new MemberStudio(m.Organization.Id, m.Organization.Slug, m.Organization.Name, m.Role))
            .ToListAsync(ct);

    /// <summary>Call after changing a studio's name, settings or database record.</summary>
    public void Forget(string slug) => cache.Remove(CacheKey(slug.ToLowerInvariant()));

    private static string CacheKey(string slug) => "studio:" + slug;
}
