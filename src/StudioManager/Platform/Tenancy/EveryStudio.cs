using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace StudioManager.Platform.Tenancy;

/// <summary>Runs one use case in every ready studio, for the scheduled jobs: each studio is entered through the tenancy
/// as its first owner (as a signed-in member would be, so the use case's permission check applies), in a scope of its
/// own, one after another; a studio that fails is logged and the others go on.</summary>
public sealed class EveryStudio(IServiceScopeFactory scopes, ILogger<EveryStudio> logger)
{
    /// <param name="job">Names the run in logs and as the acting user's name.</param>
    /// <param name="needed">Which studios need the run at all (read in the master, so that the others cost no connection).</param>
    /// <param name="work">The use case; returns how many things it did (summed over the studios).</param>
    /// <param name="ct">Stops between studios, and the use case where it listens.</param>
    public async Task<int> RunAsync<TService>(string job, Expression<Func<Organization, bool>> needed,
        Func<TService, CancellationToken, Task<int>> work, CancellationToken ct = default) where TService : notnull
    {
        List<(string Slug, int Id, int? Owner)> studios;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var master = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
            studios = (await (
                from o in master.Organizations.AsNoTracking().Where(needed)
                join t in master.TenantDatabases on o.Id equals t.OrganizationId
                where t.Status == TenantDatabaseStatus.Ready
                orderby o.Id
                select new
                {
                    o.Slug, o.Id,
                    Owner = master.OrganizationMembers.Where(m => m.OrganizationId == o.Id && m.Role == StudioRole.Owner)
                        .OrderBy(m => m.UserId).Select(m => (int?)m.UserId).FirstOrDefault(),
                }).ToListAsync(ct)).Select(s => (s.Slug, s.Id, s.Owner)).ToList();
        }
        var done = 0;
        foreach (var (slug, id, owner) in studios)
        {
            if (owner is null) continue;
            await using var scope = scopes.CreateAsyncScope();
            using var _ = logger.BeginScope(new Dictionary<string, object> { ["StudioId"] = id, ["Job"] = job });
            try
            {
                await scope.ServiceProvider.GetRequiredService<CurrentTenant>()
                    .EnterAsync(scope.ServiceProvider.GetRequiredService<StudioDirectory>(), slug, owner.Value, job, ct);
                done += await work(scope.ServiceProvider.GetRequiredService<TService>(), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "{Job} of studio {StudioId} failed", job, id);
            }
        }
        if (done > 0) logger.LogInformation("{Job}: {Count} done", job, done);
        return done;
    }
}
