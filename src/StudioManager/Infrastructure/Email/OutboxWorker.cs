using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Infrastructure.Email;

/// <summary>Sends due outbox messages. Each is claimed first (pending → sending, one conditional UPDATE), so that of
/// several workers (app nodes) exactly one sends it; then marked sent, or pending again after a backoff, or failed
/// after the last attempt. No transaction is open during the SMTP call.</summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, OutboxStore store, Outbox outbox, IEmailSender sender,
    IOptions<EmailOptions> options, TimeProvider clock, ILogger<OutboxDispatcher> logger)
{
    private const int BatchSize = 20;

    /// <summary>One pass over the outbox's database: every message due when it starts is attempted once.
    /// Returns how many were sent. (A tenant database holding the table would get a pass of its own.)</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = (DbContext)scope.ServiceProvider.GetRequiredService(store.ContextType);
        return await DispatchDueAsync(db.Set<OutboxMessage>(), ct);
    }

    private async Task<int> DispatchDueAsync(DbSet<OutboxMessage> messages, CancellationToken ct)
    {
        var o = options.Value.Outbox;
        await FailInterruptedAsync(messages, o, ct);
        var passStart = Now;
        var attempted = new List<long>();
        var sent = 0;
        while (true)
        {
            // Messages attempted in this pass are left out: with no retry delay they would be due again at once.
            var due = await messages.AsNoTracking()
                .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= passStart && !attempted.Contains(m.Id))
                .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Select(m => m.Id).Take(BatchSize).ToListAsync(ct);
            if (due.Count == 0) return sent;
            foreach (var id in due)
            {
                ct.ThrowIfCancellationRequested();
                attempted.Add(id);
                if (await TrySendAsync(messages, id, o)) sent++;
            }
        }
    }

    /// <summary>Claims, sends and records the outcome of one message. Not cancellable once claimed: a send that has
    /// begun finishes (MailKit times out on its own) and its outcome is written, so shutting down leaves no message
    /// half-done.</summary>
    private async Task<bool> TrySendAsync(DbSet<OutboxMessage> messages, long id, OutboxOptions o)
    {
        var now = Now;
        var claimed = await messages.Where(m => m.Id == id && m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sending)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.ClaimedAt, now));
        if (claimed == 0) return false; // another worker has it, or it changed since the query
        var row = await messages.AsNoTracking().Include(m => m.Attachments).SingleAsync(m => m.Id == id);
        var mine = messages.Where(m => m.Id == id && m.Status == OutboxStatus.Sending);
        try
        {
            await sender.SendAsync(outbox.Open(row));
        }
        catch (Exception e)
        {
            var final = row.Attempts >= o.MaxAttempts;
            var error = e.Message.Length > OutboxMessageConfiguration.MaxErrorLength ? e.Message[..OutboxMessageConfiguration.MaxErrorLength] : e.Message;
            var next = Now + o.DelayAfter(row.Attempts);
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, final ? OutboxStatus.Failed : OutboxStatus.Pending)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.ClaimedAt, (DateTime?)null));
            logger.LogWarning(e, "Outbox message {OutboxId} of studio {StudioId}: attempt {Attempt} of {MaxAttempts} failed{Outcome}",
                id, row.OrganizationId, row.Attempts, o.MaxAttempts, final ? "; marked failed" : "");
            return false;
        }
        var sentAt = Now;
        await mine.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Sent)
            .SetProperty(m => m.SentAt, sentAt)
            .SetProperty(m => m.ClaimedAt, (DateTime?)null));
        logger.LogInformation("Outbox message {OutboxId} of studio {StudioId} sent (attempt {Attempt})", id, row.OrganizationId, row.Attempts);
        return true;
    }

    /// <summary>A message claimed longer ago than SendTimeout belongs to a worker that stopped during the SMTP call.
    /// Whether it left is unknown: mark it failed for a person to retry rather than risk sending it twice.</summary>
    private async Task FailInterruptedAsync(DbSet<OutboxMessage> messages, OutboxOptions o, CancellationToken ct)
    {
        var before = Now - o.SendTimeout;
        var interrupted = messages.Where(m => m.Status == OutboxStatus.Sending && m.ClaimedAt < before);
        if (!await interrupted.AnyAsync(ct)) return;
        var failed = await interrupted.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Failed)
            .SetProperty(m => m.LastError, "Sending was interrupted (the app stopped during the SMTP call): the message may have been delivered. Retry to send it again.")
            .SetProperty(m => m.ClaimedAt, (DateTime?)null), ct);
        logger.LogWarning("{Count} outbox message(s) were interrupted while being sent and are marked failed", failed);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}

/// <summary>Runs dispatch passes: right after mail is committed on this node (<see cref="OutboxSignal"/>) and every
/// PollInterval of real time.</summary>
public sealed class OutboxWorker(OutboxDispatcher dispatcher, OutboxSignal signal, IOptions<EmailOptions> options, ILogger<OutboxWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.DispatchDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "The outbox could not be processed; trying again at the next poll");
            }
            await signal.WaitAsync(options.Value.Outbox.PollInterval, stoppingToken);
        }
    }
}

/// <summary>The context whose database holds outbox_messages.</summary>
public sealed record OutboxStore(Type ContextType);

public static class OutboxSetup
{
    /// <summary>The outbox kept in TContext's database, its wake-up and its worker. IEmailSender (the transport) is
    /// registered beside it.</summary>
    public static IServiceCollection AddOutbox<TContext>(this IServiceCollection services) where TContext : DbContext => services
        .AddSingleton(new OutboxStore(typeof(TContext)))
        .AddSingleton<Outbox>()
        .AddSingleton<OutboxSignal>()
        .AddSingleton<OutboxWakeUp>()
        .AddSingleton<OutboxDispatcher>()
        .AddHostedService<OutboxWorker>();
}
