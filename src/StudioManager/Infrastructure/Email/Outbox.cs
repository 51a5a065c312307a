using System.Data.Common;
using System.Threading.Channels;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Infrastructure.Email;

/// <summary>Bound from "Email:Outbox".</summary>
public sealed class OutboxOptions
{
    /// <summary>How often the worker looks for due mail when nothing woke it (real time: mail recorded on this node
    /// wakes it at once; this catches retries that fell due and mail recorded by other nodes).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>Wait after the first failed attempt; doubles after each further failure, up to MaxRetryDelay.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Attempts before a message is marked failed (about 3.5 hours of retries with the default delays).</summary>
    public int MaxAttempts { get; set; } = 10;
    /// <summary>A message still being sent after this long was interrupted (its node stopped during the SMTP call): it
    /// is marked failed, not sent again automatically, as it may have been delivered. MailKit gives up after 2 minutes.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The wait before the next attempt of a message that has failed this many times.</summary>
    public TimeSpan DelayAfter(int failedAttempts)
    {
        var delay = RetryDelay.Ticks * Math.Pow(2, Math.Max(0, failedAttempts - 1));
        return delay >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)delay);
    }
}

public sealed record OutboxMessageDto(long Id, string Recipient, string Subject, OutboxStatus Status, int Attempts,
    DateTime CreatedAt, DateTime? NextAttemptAt, DateTime? SentAt, string? LastError);

/// <summary>The one way to send mail. <see cref="Add"/> records the message in the context the caller is changing, so
/// the caller's SaveChanges (and transaction) stores it with the change that causes it: a rolled-back change leaves no
/// mail, a committed one cannot lose it. <see cref="OutboxWorker"/> sends it after commit, woken by
/// <see cref="OutboxWakeUp"/>. Works on any context that maps <see cref="OutboxMessage"/>.</summary>
public sealed class Outbox(IDataProtectionProvider protection, OutboxSignal signal, TimeProvider clock)
{
    private readonly IDataProtector _bodies = protection.CreateProtector("StudioManager.Email.Outbox.Bodies");

    /// <param name="db">The context whose SaveChanges stores the mail with the caller's change.</param>
    /// <param name="message">Recipient, subject and bodies; the bodies are stored encrypted.</param>
    /// <param name="organizationId">The studio whose owner sees this mail; null for platform mail (password resets).</param>
    public void Add(DbContext db, EmailMessage message, int? organizationId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            OrganizationId = organizationId, Recipient = message.To, Subject = message.Subject,
            TextBody = _bodies.Protect(message.TextBody), HtmlBody = message.HtmlBody is null ? null : _bodies.Protect(message.HtmlBody),
            Status = OutboxStatus.Pending, NextAttemptAt = now, CreatedAt = now,
            Attachments = (message.Attachments ?? []).Select(a => new OutboxAttachment { FileName = a.FileName, ContentType = a.ContentType, Content = a.Content }).ToList(),
        });
    }

    /// <summary>The message as recorded (with its attachments when loaded), bodies decrypted: what the worker sends.</summary>
    public EmailMessage Open(OutboxMessage m) =>
        new(m.Recipient, m.Subject, _bodies.Unprotect(m.TextBody), m.HtmlBody is null ? null : _bodies.Unprotect(m.HtmlBody),
            m.Attachments.Select(a => new EmailAttachment(a.FileName, a.ContentType, a.Content)).ToList());

    /// <summary>Newest first, optionally of one status.</summary>
    public async Task<ListPage<OutboxMessageDto>> ListAsync(IQueryable<OutboxMessage> messages, OutboxStatus? status, Paging paging, CancellationToken ct)
    {
        if (status is { } s) messages = messages.Where(m => m.Status == s);
        return await messages.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Select(m => new OutboxMessageDto(m.Id, m.Recipient, m.Subject, m.Status, m.Attempts, m.CreatedAt,
                m.Status == OutboxStatus.Pending ? (DateTime?)m.NextAttemptAt : null, m.SentAt, m.LastError))
            .ToListPageAsync(paging, ct);
    }

    /// <summary>Makes the failed messages among these pending again, with a fresh set of attempts, due now, and wakes the
    /// worker. One conditional UPDATE: of two simultaneous retries, one changes the row. Returns how many changed.</summary>
    public async Task<int> RetryAsync(IQueryable<OutboxMessage> messages, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var retried = await messages.Where(m => m.Status == OutboxStatus.Failed).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Pending)
            .SetProperty(m => m.Attempts, 0)
            .SetProperty(m => m.NextAttemptAt, now), ct);
        // ExecuteUpdate bypasses SaveChanges, so OutboxWakeUp does not see it.
        if (retried > 0) signal.Notify();
        return retried;
    }
}

/// <summary>Wakes this node's worker, in process. Notifications that arrive while it is busy collapse into one more
/// pass, so none is lost.</summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _wake.Writer.TryWrite(true);

    /// <summary>Returns when notified or after the timeout in real time: a test's paused TimeProvider must not stall mail.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try { await _wake.Reader.ReadAsync(timer.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
    }
}

/// <summary>Wakes the worker once mail recorded with <see cref="Outbox.Add"/> is committed: after SaveChanges when no
/// transaction is open, otherwise when the caller's transaction commits (before that the worker could not see it).
/// Added to every context that maps the outbox.</summary>
public sealed class OutboxWakeUp(OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } db && db.Database.CurrentTransaction is null) WakeIfMail(db);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default) =>
        ValueTask.FromResult(SavedChanges(eventData, result));

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } db) WakeIfMail(db);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    private void WakeIfMail(DbContext db)
    {
        if (db.ChangeTracker.Entries<OutboxMessage>().Any()) signal.Notify();
    }
}
