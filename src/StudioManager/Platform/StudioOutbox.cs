using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Email;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Platform;

/// <summary>The studio's outgoing mail (invitations today; reminders and invoices later) as its owners and admins see
/// it: what is waiting, what left, what failed and why, and a retry for failed messages. The API and the mail page
/// call these methods.</summary>
public sealed class StudioOutbox(MasterDbContext master, CurrentTenant tenant, Outbox outbox)
{
    [RequiresPermission(Permission.ViewOutbox)]
    public async Task<ListPage<OutboxMessageDto>> ListAsync(OutboxStatus? status, Paging paging, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return await outbox.ListAsync(Messages, status, paging, ct);
    }

    /// <summary>Sends a failed message again (a fresh set of attempts); 409 for a message that has not failed.</summary>
    [RequiresPermission(Permission.ViewOutbox)]
    public async Task RetryAsync(long id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var message = Messages.Where(m => m.Id == id);
        if (await outbox.RetryAsync(message, ct) == 0)
        {
            var status = await message.Select(m => (OutboxStatus?)m.Status).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException($"There is no message {id} in this studio's outbox.");
            throw new ConflictException($"Only a failed message can be retried; this one is {status.ToString().ToLowerInvariant()}.");
        }
    }

    private IQueryable<OutboxMessage> Messages => master.OutboxMessages.AsNoTracking().Where(m => m.OrganizationId == tenant.Studio.OrganizationId);
}
