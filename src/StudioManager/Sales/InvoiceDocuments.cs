using System.Net;
using StudioManager.Clients;
using StudioManager.Infrastructure.Email;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Sales;

/// <summary>An invoice as a PDF, and sent by email with that PDF attached (through the outbox).</summary>
public sealed class InvoiceDocuments(InvoiceService invoices, ClientService clients, StudioSettings settings, MasterDbContext master,
    Outbox outbox, CurrentTenant tenant)
{
    public sealed record PdfFile(string FileName, byte[] Content);

    /// <summary>The mail recorded: to whom, with what subject (it is sent after commit; GET /outbox follows it).</summary>
    public sealed record InvoiceSent(string To, string Subject);

    [RequiresPermission(Permission.ViewMoney)]
    public async Task<PdfFile> PdfAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var doc = await RenderAsync(id, ct);
        return new PdfFile(FileName(doc.Invoice), doc.Pdf);
    }

    /// <summary>Emails an issued invoice (not a draft, not a void one) to the client, or to the address given, with its
    /// PDF attached. The mail is recorded in the outbox and sent after commit.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<InvoiceSent> SendAsync(int id, SendInvoiceInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var (invoice, client, studio, pdf) = await RenderAsync(id, ct);
        if (invoice.Number is null || invoice.Status == InvoiceStatus.Void)
            throw new ConflictException(InvoiceLifecycle.Refusal(invoice.Status, "sent"));
        var to = string.IsNullOrWhiteSpace(input.To) ? client.Email : input.To.Trim();
        if (to is null) throw new ValidationFailedException("to", $"{client.Name} has no email address: give one.");
        new Validation().Email("to", to).ThrowIfInvalid();
        var subject = $"Invoice {invoice.Number} from {studio.Name}";
        var amount = $"{invoice.BalanceDue:0.00} {invoice.Currency}";
        var due = invoice.DueDate?.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        outbox.Add(master, new EmailMessage(to, subject,
            $"Hello {client.Name},\n\nPlease find attached invoice {invoice.Number}: {amount} due by {due}.\n\nThank you,\n{studio.Name}\n",
            $"<p>Hello {WebUtility.HtmlEncode(client.Name)},</p><p>Please find attached invoice <b>{invoice.Number}</b>: {amount} due by {due}.</p>" +
            $"<p>Thank you,<br>{WebUtility.HtmlEncode(studio.Name)}</p>",
            [new EmailAttachment(FileName(invoice), "application/pdf", pdf)]), tenant.Studio.OrganizationId);
        await master.SaveChangesAsync(ct);
        return new InvoiceSent(to, subject);
    }

    private async Task<(InvoiceDto Invoice, ClientDto Client, StudioSettingsDto Studio, byte[] Pdf)> RenderAsync(int id, CancellationToken ct)
    {
        var invoice = await invoices.GetAsync(id, ct);
        var client = ClientDto.From(await clients.FindAsync(invoice.ClientId, ct));
        var studio = await settings.GetAsync(ct);
        return (invoice, client, studio, InvoicePdf.Render(studio, client, invoice));
    }

    private static string FileName(InvoiceDto invoice) => $"{invoice.Number ?? $"draft-{invoice.Id}"}.pdf";
}
