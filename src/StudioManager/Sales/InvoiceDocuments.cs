using System.Globalization;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Sales;

/// <summary>An invoice as a PDF, and sent by email with that PDF attached (through the outbox).</summary>
public sealed class InvoiceDocuments(InvoiceService invoices, SalesDocuments documents, CurrentTenant tenant)
{
    [RequiresPermission(Permission.ViewMoney)]
    public async Task<PdfFile> PdfAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var invoice = await invoices.GetAsync(id, ct);
        return new PdfFile(FileName(invoice), (await documents.RenderAsync(invoice.ClientId, Document(invoice), ct)).Pdf);
    }

    /// <summary>Emails an issued invoice (not a draft, not a void one) to the client, or to the address given, with its
    /// PDF attached. The mail is recorded in the outbox and sent after commit.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<DocumentSent> SendAsync(int id, SendInvoiceInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var invoice = await invoices.GetAsync(id, ct);
        if (invoice.Number is null || invoice.Status == InvoiceStatus.Void)
            throw new ConflictException(InvoiceLifecycle.Refusal(invoice.Status, "sent"));
        var to = await documents.RecipientAsync(invoice.ClientId, input.To, ct);
        var rendered = await documents.RenderAsync(invoice.ClientId, Document(invoice), ct);
        var due = invoice.DueDate?.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        return await documents.MailAsync(rendered, to, "invoice", invoice.Number, $": {invoice.BalanceDue:0.00} {invoice.Currency} due by {due}",
            new PdfFile(FileName(invoice), rendered.Pdf), ct);
    }

    /// <summary>The invoice as the renderer draws it: issue and due dates, paid and balance due after the total.</summary>
    public static SalesDocument Document(InvoiceDto invoice)
    {
        var after = new List<(string, decimal, bool)>();
        if (invoice.AmountPaid != 0) after.Add(("Paid", invoice.AmountPaid, false));
        if (invoice.Number is not null && invoice.Status != InvoiceStatus.Void) after.Add(($"Balance due {invoice.Currency}", invoice.BalanceDue, true));
        return new SalesDocument(invoice.Number is null ? "Draft invoice" : $"Invoice {invoice.Number}",
            invoice.Status == InvoiceStatus.Void ? "VOID" : null, [("Issued", invoice.IssueDate), ("Due", invoice.DueDate)], invoice.Currency, "Bill to",
            invoice.Items.Select(x => new SalesDocumentLine(x.Description, x.Quantity, x.UnitPrice, x.TaxRate, x.Amount)).ToList(),
            invoice.TaxLines, invoice.Subtotal, invoice.Total, after, invoice.Notes);
    }

    private static string FileName(InvoiceDto invoice) => $"{invoice.Number ?? $"draft-{invoice.Id}"}.pdf";
}
