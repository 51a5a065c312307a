using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;

namespace StudioManager.Platform;

public sealed record LimitUsage(int Current, int? Max);
/// <summary>A studio's plan and how much of its limits it uses (Max null = unlimited).</summary>
public sealed record PlanUsage(string Plan, string PlanName, LimitUsage Members, LimitUsage Clients);

/// <summary>The limits of a studio's plan (subscription_plans; null = unlimited), read at every check: what the studio
/// may add (402 PlanLimitException beyond) and what it uses. Seats (members and invitations) are counted here; clients
/// live in the studio's own database, so ClientService counts them and checks here.</summary>
public sealed class PlanLimits(MasterDbContext master, TimeProvider clock)
{
    public const string Members = "members";
    public const string Clients = "clients";

    public async Task<SubscriptionPlan> PlanOfAsync(int organizationId, CancellationToken ct) =>
        await (from o in master.Organizations
               join p in master.SubscriptionPlans on o.PlanName equals p.Name
               where o.Id == organizationId
               select p).AsNoTracking().SingleAsync(ct);

    /// <summary>Refuses a new seat when the plan's MaxMembers are taken. Inviting (invitedEmail given) counts members
    /// and pending invitations, except one to the same address, which the new invitation replaces; accepting counts
    /// members only, its own invitation having held the seat. Call it inside the transaction that adds the seat: the
    /// studio's row stays locked until it ends, so simultaneous invitations and acceptances count one after another.</summary>
    public async Task EnsureSeatAsync(int organizationId, string? invitedEmail, CancellationToken ct)
    {
        await master.LockStudioAsync(organizationId, ct);
        var plan = await PlanOfAsync(organizationId, ct);
        if (plan.MaxMembers is not { } max) return;
        var members = await master.OrganizationMembers.CountAsync(m => m.OrganizationId == organizationId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var other = invitedEmail?.ToLowerInvariant();
        var pending = other is null ? 0 : await master.Invitations.CountAsync(i => i.OrganizationId == organizationId
            && i.Status == InvitationStatus.Pending && i.ExpiresAt > now && i.Email.ToLower() != other, ct);
        if (members + pending + 1 > max)
            throw new PlanLimitException(
                $"The {plan.DisplayName} plan allows {max} members; this studio has {members}" +
                (pending > 0 ? $" and {pending} pending invitation(s)." : ".") + " Upgrade the plan to add more.",
                Members, plan.Name, members + pending, max);
    }

    /// <summary>Refuses adding clients beyond the plan's MaxClients.</summary>
    public static void EnsureClientRoom(SubscriptionPlan plan, int current, int adding)
    {
        if (plan.MaxClients is { } max && current + adding > max)
            throw new PlanLimitException(
                $"The {plan.DisplayName} plan allows {max} clients; this studio has {current}" +
                (adding > 1 ? $" and would have {current + adding}." : ".") + " Upgrade the plan to add more.",
                Clients, plan.Name, current, max);
    }

    public async Task<PlanUsage> UsageAsync(int organizationId, int clients, CancellationToken ct)
    {
        var plan = await PlanOfAsync(organizationId, ct);
        var members = await master.OrganizationMembers.CountAsync(m => m.OrganizationId == organizationId, ct);
        return new PlanUsage(plan.Name, plan.DisplayName, new LimitUsage(members, plan.MaxMembers), new LimitUsage(clients, plan.MaxClients));
    }
}
