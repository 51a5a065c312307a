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
/// Attachments (invoice PDFs) are a child table, written in the same transaction, read by the worker when it builds the
/// MIME message.</summary>
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
    public List<OutboxAttachment> Attachments { get; set; } = [];
}

/// <summary>A file sent with an outbox message (table outbox_attachments). The bytes are in the row, not in file
/// storage: they are committed or rolled back with the message, so a message never points to a file that was not
/// written, and no file is left behind by a change that was rolled back.</summary>
[EntityTypeConfiguration(typeof(OutboxAttachmentConfiguration))]
public class OutboxAttachment
{
    public long Id { get; set; }
    public long OutboxMessageId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public byte[] Content { get; set; } = [];
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
        b.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.OutboxMessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class OutboxAttachmentConfiguration : IEntityTypeConfiguration<OutboxAttachment>
{
    public void Configure(EntityTypeBuilder<OutboxAttachment> b)
    {
        b.ToTable("outbox_attachments");
        b.Property(a => a.FileName).HasMaxLength(255);
        b.Property(a => a.ContentType).HasMaxLength(100);
    }
}
