using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StudioManager.Infrastructure.Email;

/// <summary>Pending: waiting for its (next) attempt. Sending: claimed by one worker, which is talking to SMTP.
/// Sent and Failed are final until someone retries a failed message.</summary>
public enum OutboxStatus { Pending, Sending, Sent, Failed }

/// <summary>One outgoing email, written by the use case in the same transaction as the change that causes it and
/// sent after commit by <see cref="OutboxWorker"/>. The entity and its configuration belong to no context: the master
/// database holds platform and studio mail today (invitations, password resets); a tenant database can hold the same
/// table for its own mail (reminders, invoices) by adding a DbSet and a migration, and the same worker code sends it.
/// Attachments (invoice PDFs) will be a child table (message id, file name, content type, storage key of the stored
/// file), read by the worker when it builds the MIME message; the bytes stay in file storage, not in this row.</summary>
[EntityTypeConfiguration(typeof(OutboxMessageConfiguration))]
public class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>The studio the mail belongs to (shown to its owner); null for platform mail such as password resets.</summary>
    public int? OrganizationId { get; set; }
    public string Recipient { get; set; } = "";
    public string Subject { get; set; } = "";
    /// <summary>The bodies carry secrets (invitation and reset links): stored encrypted with data protection.</summary>
    public string TextBody { get; set; } = "";
    public string? HtmlBody { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>When a worker claimed it for the current attempt (status Sending).</summary>
    public DateTime? ClaimedAt { get; set; }
    public DateTime? SentAt { get; set; }
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public const int MaxErrorLength = 1000;

    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("outbox_messages");
        b.Property(m => m.Recipient).HasMaxLength(256);
        b.Property(m => m.Subject).HasMaxLength(500);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.LastError).HasMaxLength(MaxErrorLength);
        // The worker's query: due pending messages, oldest first.
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
        // The studio's list, newest first.
        b.HasIndex(m => new { m.OrganizationId, m.CreatedAt });
    }
}
