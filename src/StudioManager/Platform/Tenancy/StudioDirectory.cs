using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using StudioManager.Infrastructure.Data;
using StudioManager.Platform;

namespace StudioManager.Platform.Tenancy;

/// <summary>Finds a studio and its database by slug, with a short cache, and a member's role, cached for a second:
/// every studio request asks for it. A change of membership on this node forgets it at once (ForgetMember, after
/// commit); other nodes see it within the second.</summary>
public sealed record MemberStudio(int Id, string Slug, string Name, StudioRole Role);

public sealed class StudioDirectory(MasterDbContext master, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RoleCacheFor = TimeSpan.FromSeconds(1);

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

    public async Task<StudioRole?> RoleOfAsync(int organizationId, int userId, CancellationToken ct = default)
    {
        if (cache.TryGetValue(RoleKey(organizationId, userId), out StudioRole cached)) return cached;
        var role = await master.OrganizationMembers.AsNoTracking()
            .Where(m => m.OrganizationId == organizationId && m.UserId == userId)
            .Select(m => (StudioRole?)m.Role)
            .FirstOrDefaultAsync(ct);
        // Only members are remembered: someone who just joined is a member on their next request.
        if (role is { } found) cache.Set(RoleKey(organizationId, userId), found, RoleCacheFor);
        return role;
    }

    /// <summary>Call after a member's role changed or they left, once committed.</summary>
    public void ForgetMember(int organizationId, int userId) => cache.Remove(RoleKey(organizationId, userId));

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
    private static (string, int, int) RoleKey(int organizationId, int userId) => ("member", organizationId, userId);
}
