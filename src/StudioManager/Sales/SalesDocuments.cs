using System.Net;
using StudioManager.Clients;
using StudioManager.Infrastructure.Email;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Sales;

/// <summary>The mail recorded: to whom, with what subject (it is sent after commit; GET /outbox follows it).</summary>
public sealed record DocumentSent(string To, string Subject);

/// <summary>What the sales documents (invoices, quotes, and contracts for the logo, recipient and mail) share: the studio's
/// details and logo and the client drawn by the one renderer (SalesPdf), and the mail with the PDF attached, recorded in
/// the outbox. The documents' use cases call it
/// after their own permission check, hence internal.</summary>
public sealed class SalesDocuments(StudioSettings settings, ClientService clients, MasterDbContext master, Outbox outbox, CurrentTenant tenant)
{
    public sealed record Rendered(ClientDto Client, StudioSettingsDto Studio, byte[] Pdf);

    internal async Task<Rendered> RenderAsync(int clientId, SalesDocument document, CancellationToken ct)
    {
        var client = ClientDto.From(await clients.FindAsync(clientId, ct));
        var studio = await settings.GetAsync(ct);
        return new Rendered(client, studio, SalesPdf.Render(studio, await LogoAsync(studio, ct), client, document));
    }

    /// <summary>The address given, or else the client's; 400 on "to" when there is none or it is not an address.</summary>
    internal async Task<string> RecipientAsync(int clientId, string? to, CancellationToken ct)
    {
        var client = await clients.FindAsync(clientId, ct);
        var address = string.IsNullOrWhiteSpace(to) ? client.Email : to.Trim();
        if (address is null) throw new ValidationFailedException("to", $"{client.Name} has no email address: give one.");
        new Validation().Email("to", address).ThrowIfInvalid();
        return address;
    }

    /// <summary>Records "Please find attached {what} {number}{details}." to the address, the PDF attached; sent after commit.</summary>
    internal async Task<DocumentSent> MailAsync(Rendered document, string to, string what, string number, string details, PdfFile pdf,
        CancellationToken ct)
    {
        var (client, studio) = (document.Client.Name, document.Studio.Name);
        var subject = $"{char.ToUpperInvariant(what[0])}{what[1..]} {number} from {studio}";
        outbox.Add(master, new EmailMessage(to, subject,
            $"Hello {client},\n\nPlease find attached {what} {number}{details}.\n\nThank you,\n{studio}\n",
            $"<p>Hello {WebUtility.HtmlEncode(client)},</p><p>Please find attached {what} <b>{WebUtility.HtmlEncode(number)}</b>{WebUtility.HtmlEncode(details)}.</p>" +
            $"<p>Thank you,<br>{WebUtility.HtmlEncode(studio)}</p>",
            [new EmailAttachment(pdf.FileName, "application/pdf", pdf.Content)]), tenant.Studio.OrganizationId);
        await master.SaveChangesAsync(ct);
        return new DocumentSent(to, subject);
    }

    /// <summary>The studio's logo's bytes; null when it has none or the file is gone.</summary>
    internal async Task<byte[]?> LogoAsync(StudioSettingsDto studio, CancellationToken ct)
    {
        if (studio.LogoUrl is null) return null;
        try { return await File.ReadAllBytesAsync((await settings.GetLogoAsync(ct)).Path, ct); }
        catch (NotFoundException) { return null; }
    }
}
