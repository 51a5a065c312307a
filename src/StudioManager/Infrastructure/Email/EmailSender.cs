using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace StudioManager.Infrastructure.Email;

/// <summary>Bound from "Email". Without Smtp:Host, messages go to the pickup folder as .eml files.</summary>
public sealed class EmailOptions
{
    public string FromAddress { get; set; } = "no-reply@studio-manager.local";
    public string FromName { get; set; } = "Recording Studio Manager";
    public SmtpOptions Smtp { get; set; } = new();
    /// <summary>Relative to the data folder unless absolute.</summary>
    public string PickupFolder { get; set; } = "mail";
    /// <summary>Absolute base URL used in links (invitations, password resets). Falls back to the server's own address.</summary>
    public string? PublicBaseUrl { get; set; }
    public OutboxOptions Outbox { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool UseStartTls { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
}

public sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody = null, IReadOnlyList<EmailAttachment>? Attachments = null);

public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>The SMTP transport. Only <see cref="OutboxDispatcher"/> calls it: use cases record mail with <see cref="Outbox.Add"/>.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}

/// <summary>Sends through MailKit over SMTP, or writes the message to the pickup folder when no server is configured.</summary>
public sealed class MailKitEmailSender(IOptions<EmailOptions> options, IOptions<Data.DatabaseOptions> data, ILogger<MailKitEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var o = options.Value;
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(o.FromName, o.FromAddress));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        foreach (var a in message.Attachments ?? []) body.Attachments.Add(a.FileName, a.Content, ContentType.Parse(a.ContentType));
        mime.Body = body.ToMessageBody();

        if (string.IsNullOrWhiteSpace(o.Smtp.Host))
        {
            var folder = Path.Combine(data.Value.FullDataPath, o.PickupFolder);
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
            await mime.WriteToAsync(file, ct);
            logger.LogInformation("Email \"{Subject}\" written to {File} (no SMTP server configured)", message.Subject, file);
            return;
        }

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(o.Smtp.Host, o.Smtp.Port, o.Smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(o.Smtp.UserName))
            await smtp.AuthenticateAsync(o.Smtp.UserName, o.Smtp.Password ?? "", ct);
        await smtp.SendAsync(mime, ct);
        await smtp.DisconnectAsync(true, ct);
        logger.LogInformation("Email \"{Subject}\" sent through {Host}", message.Subject, o.Smtp.Host);
    }
}
