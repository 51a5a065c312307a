using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Platform;

public sealed record MemberDto(int UserId, string Name, string Email, StudioRole Role, DateTime JoinedAt);
public sealed record ChangeRoleRequest(StudioRole? Role);

/// <summary>The members of the current studio. ManageMembers to change others; only an owner grants or takes the
/// owner role; anyone may leave; the last owner can neither leave, be removed nor be demoted.</summary>
public sealed class Members(MasterDbContext master, CurrentTenant tenant, StudioDirectory directory, ILogger<Members> logger)
{
    [RequiresPermission(Permission.ViewMembers)]
    public async Task<ListPage<MemberDto>> ListAsync(Paging paging, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return await master.OrganizationMembers.AsNoTracking().Where(m => m.OrganizationId == tenant.Studio.OrganizationId)
            .OrderBy(m => m.Role == StudioRole.Owner ? 0 : m.Role == StudioRole.Admin ? 1 : m.Role == StudioRole.Engineer ? 2 : 3)
            .ThenBy(m => m.User.Name).ThenBy(m => m.UserId)
            .Select(m => new MemberDto(m.UserId, m.User.Name, m.User.Email!, m.Role, m.JoinedAt))
            .ToListPageAsync(paging, ct);
    }

    /// <summary>The studio's members among these users (assigning people to work: sessions), by user id.</summary>
    internal async Task<Dictionary<int, MemberDto>> FindManyAsync(IReadOnlyCollection<int> userIds, CancellationToken ct) =>
        userIds.Count == 0 ? [] : await master.OrganizationMembers.AsNoTracking()
            .Where(m => m.OrganizationId == tenant.Studio.OrganizationId && userIds.Contains(m.UserId))
            .Select(m => new MemberDto(m.UserId, m.User.Name, m.User.Email!, m.Role, m.JoinedAt))
            .ToDictionaryAsync(m => m.UserId, ct);

    [RequiresPermission(Permission.ManageMembers)]
    public async Task<MemberDto> ChangeRoleAsync(int userId, ChangeRoleRequest r, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        if (r.Role is not { } role) throw new ValidationFailedException("role", "A role is required (owner, admin, engineer or accountant).");
        var changed = await InLockAsync(async () =>
        {
            var member = await FindAsync(userId, ct);
            if (member.Role == role) return ToDto(member);
            if ((member.Role == StudioRole.Owner || role == StudioRole.Owner) && !tenant.Can(Permission.TransferOwnership))
                throw new ForbiddenException("Only an owner can grant or take away the owner role.");
            if (member.Role == StudioRole.Owner) await EnsureAnotherOwnerAsync(userId, "demoted", ct);
            member.Role = role;
            await master.SaveChangesAsync(ct);
            logger.LogInformation("User {UserId} is now {Role} in studio {StudioId}", userId, role, tenant.Studio.OrganizationId);
            return ToDto(member);
        }, ct);
        directory.ForgetMember(tenant.Studio.OrganizationId, userId);
        return changed;
    }

    /// <summary>Removes a member (removing oneself is leaving).</summary>
    [RequiresPermission(Permission.ManageMembers)]
    public async Task RemoveAsync(int userId, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        await RemoveMemberAsync(userId, ct);
    }

    /// <summary>The caller leaves the studio (unless they are its last owner).</summary>
    [AnyMember]
    public async Task LeaveAsync(CancellationToken ct = default)
    {
        tenant.Authorize(this);
        await RemoveMemberAsync(tenant.UserId, ct);
    }

    private async Task RemoveMemberAsync(int userId, CancellationToken ct)
    {
        var leaving = userId == tenant.UserId;
        await InLockAsync(async () =>
        {
            var member = await FindAsync(userId, ct);
            if (member.Role == StudioRole.Owner)
            {
                if (!leaving && !tenant.Can(Permission.TransferOwnership)) throw new ForbiddenException("Only an owner can remove an owner.");
                await EnsureAnotherOwnerAsync(userId, "removed", ct);
            }
            master.OrganizationMembers.Remove(member);
            await master.SaveChangesAsync(ct);
            logger.LogInformation("User {UserId} {Action} studio {StudioId}", userId, leaving ? "left" : "was removed from", tenant.Studio.OrganizationId);
            return 0;
        }, ct);
        directory.ForgetMember(tenant.Studio.OrganizationId, userId);
    }

    private async Task<OrganizationMember> FindAsync(int userId, CancellationToken ct) =>
        await master.OrganizationMembers.Include(m => m.User)
            .SingleOrDefaultAsync(m => m.OrganizationId == tenant.Studio.OrganizationId && m.UserId == userId, ct)
        ?? throw new NotFoundException($"User {userId} is not a member of this studio.");

    private async Task EnsureAnotherOwnerAsync(int userId, string what, CancellationToken ct)
    {
        var others = await master.OrganizationMembers.CountAsync(m => m.OrganizationId == tenant.Studio.OrganizationId
            && m.Role == StudioRole.Owner && m.UserId != userId, ct);
        if (others == 0)
            throw new ConflictException($"The last owner cannot be {what}: make another member owner first.");
    }

    /// <summary>Runs a membership change with the studio's row locked, so two concurrent changes cannot both remove
    /// "the other" owner.</summary>
    private async Task<T> InLockAsync<T>(Func<Task<T>> change, CancellationToken ct)
    {
        await using var tx = await master.Database.BeginTransactionAsync(ct);
        await master.LockStudioAsync(tenant.Studio.OrganizationId, ct);
        var result = await change();
        await tx.CommitAsync(ct);
        return result;
    }

    private static MemberDto ToDto(OrganizationMember m) => new(m.UserId, m.User.Name, m.User.Email!, m.Role, m.JoinedAt);
}
