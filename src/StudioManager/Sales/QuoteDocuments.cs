using System.Globalization;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Sales;

/// <summary>A quote as a PDF (the renderer invoices use), and sent by email with that PDF attached (through the outbox).</summary>
public sealed class QuoteDocuments(QuoteService quotes, SalesDocuments documents, CurrentTenant tenant)
{
    [RequiresPermission(Permission.ViewMoney)]
    public async Task<PdfFile> PdfAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var quote = await quotes.GetAsync(id, ct);
        return new PdfFile(FileName(quote), (await documents.RenderAsync(quote.ClientId, Document(quote), ct)).Pdf);
    }

    /// <summary>Sends a draft (it becomes sent: its validity starts today) or a sent quote again, by email to the client
    /// or to the address given, with its PDF attached. The address is checked before the quote changes; the mail is
    /// recorded in the outbox and sent after commit.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<DocumentSent> SendAsync(int id, SendQuoteInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var draft = await quotes.GetAsync(id, ct);
        QuoteLifecycle.Ensure(draft.Status, QuoteAction.Send);
        var to = await documents.RecipientAsync(draft.ClientId, input.To, ct);
        var quote = await quotes.MarkSentAsync(id, ct);
        var rendered = await documents.RenderAsync(quote.ClientId, Document(quote), ct);
        return await documents.MailAsync(rendered, to, "quote", quote.Number, $": {quote.Total:0.00} {quote.Currency}, valid until {Date(quote.ValidUntil)}",
            new PdfFile(FileName(quote), rendered.Pdf), ct);
    }

    /// <summary>The quote as the renderer draws it: its date and last valid day (or its validity while a draft).</summary>
    public static SalesDocument Document(QuoteDto quote) => new(
        quote.Status == QuoteStatus.Draft ? $"Draft quote {quote.Number}" : $"Quote {quote.Number}",
        quote.Status is QuoteStatus.Draft or QuoteStatus.Sent ? null : QuoteLifecycle.Name(quote.Status).ToUpperInvariant(),
        [("Date", quote.QuoteDate), ("Valid until", quote.ValidUntil)], quote.Currency, "Quote for",
        quote.Items.Select(x => new SalesDocumentLine(x.Description, x.Quantity, x.UnitPrice, x.TaxRate, x.Amount)).ToList(),
        quote.TaxLines, quote.Subtotal, quote.Total, [],
        quote.ValidUntil is null ? Join($"Valid for {quote.ValidityDays} days from sending.", quote.Notes) : quote.Notes);

    private static string Join(string first, string? notes) => notes is null ? first : $"{first} {notes}";

    private static string? Date(DateOnly? date) => date?.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private static string FileName(QuoteDto quote) => $"{quote.Number}.pdf";
}
