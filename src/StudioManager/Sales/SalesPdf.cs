using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using StudioManager.Clients;
using StudioManager.Infrastructure.Pdf;
using StudioManager.Platform;

namespace StudioManager.Sales;

/// <summary>A sales document (invoice, quote) as the PDF draws it: its heading ("Invoice INV-2026-0001"), a mark
/// ("VOID"), its dates on the right, the label of the client's block, the lines, the totals per tax rate, the
/// rows after the total (paid, balance due: Strong in bold) and the notes.</summary>
public sealed record SalesDocument(
    string Heading, string? Mark, IReadOnlyList<(string Label, DateOnly? Date)> Dates, string Currency, string ClientLabel,
    IReadOnlyList<SalesDocumentLine> Lines, IReadOnlyList<TaxLine> TaxLines, decimal Subtotal, decimal Total,
    IReadOnlyList<(string Label, decimal Value, bool Strong)> AfterTotal, string? Notes);

public sealed record SalesDocumentLine(string Description, decimal Quantity, decimal UnitPrice, decimal TaxRate, decimal Amount);

/// <summary>A rendered document and the name it is downloaded or attached under.</summary>
public sealed record PdfFile(string FileName, byte[] Content);

/// <summary>Every sales document as an A4 PDF, one renderer (PDFsharp, the fonts shipped in the repo): the studio's logo
/// and details, the client, the lines (continued on further pages with the table's header again), the totals per tax
/// rate, what follows the total (payments, balance), the notes and the bank details. Pure: the same data gives the same
/// pages.</summary>
public static class SalesPdf
{
    // The logo's box, top left above the studio's name.
    private const double LogoWidth = 160, LogoHeight = 60;
    private const double Margin = 50, PageWidth = 595, PageHeight = 842, Bottom = PageHeight - 70, Row = 15;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    // Columns of the lines table: left edge and width.
    private static readonly (double X, double W) Description = (Margin, 255), Quantity = (305, 50), UnitPrice = (355, 75), Tax = (430, 45), Amount = (475, 70);

    /// <summary>The studio's logo ready to draw: a PNG or JPEG (PDFsharp draws those; a WebP or SVG logo is left out), or
    /// null. Dispose of it after the document is saved: its pages refer to it.</summary>
    internal static XImage? Logo(byte[]? logo) =>
        logo is not null && LogoFormat.Detect(logo) is ".png" or ".jpg" ? XImage.FromStream(new MemoryStream(logo, writable: false)) : null;

    /// <summary>The studio's logo and details from the top left of a first page (every sales document and contract starts
    /// so); returns where they end.</summary>
    internal static double DrawStudio(XGraphics gfx, StudioSettingsDto studio, XImage? logo, XFont title, XFont regular)
    {
        var y = Margin;
        if (logo is not null)
        {
            var scale = Math.Min(LogoWidth / logo.PixelWidth, LogoHeight / logo.PixelHeight);
            gfx.DrawImage(logo, Margin, y, logo.PixelWidth * scale, logo.PixelHeight * scale);
            y += logo.PixelHeight * scale + 10;
        }
        Text(gfx, studio.Name, title, Margin, y, 300);
        y += 24;
        foreach (var line in Lines(studio.AddressLine1, studio.AddressLine2, Join(" ", studio.PostalCode, studio.City), studio.Country,
                     studio.Email, studio.Phone, studio.VatNumber is null ? null : $"VAT {studio.VatNumber}"))
        {
            Text(gfx, line, regular, Margin, y, 300);
            y += 12;
        }
        return y;
    }

    /// <summary>The logo is a PNG or JPEG (PDFsharp draws those; a WebP or SVG logo is left out), or null.</summary>
    public static byte[] Render(StudioSettingsDto studio, byte[]? logo, ClientDto client, SalesDocument document)
    {
        ShippedFonts.Register();
        var regular = new XFont(ShippedFonts.Family, 9, XFontStyleEx.Regular);
        var bold = new XFont(ShippedFonts.Family, 9, XFontStyleEx.Bold);
        var title = new XFont(ShippedFonts.Family, 16, XFontStyleEx.Bold);
        var doc = new PdfDocument();
        var heading = document.Heading;
        doc.Info.Title = $"{heading} · {studio.Name}";
        doc.Info.Author = studio.Name;

        var pages = new List<XGraphics>();
        XGraphics NewPage()
        {
            var page = doc.AddPage();
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            var g = XGraphics.FromPdfPage(page);
            pages.Add(g);
            return g;
        }

        var gfx = NewPage();
        // The studio, top left under its logo; the document's number and dates, top right.
        var y = Margin;
        // Kept until the document is saved: the page refers to it.
        using var image = Logo(logo);
        var left = DrawStudio(gfx, studio, image, title, regular);
        Text(gfx, document.Mark is null ? heading : $"{heading} ({document.Mark})", bold, 330, y, 215, XStringFormats.TopRight);
        var right = y + 16;
        foreach (var (label, value) in document.Dates)
        {
            if (value is null) continue;
            Text(gfx, $"{label}: {value.Value.ToString("d MMM yyyy", Invariant)}", regular, 330, right, 215, XStringFormats.TopRight);
            right += 12;
        }
        Text(gfx, $"Currency: {document.Currency}", regular, 330, right, 215, XStringFormats.TopRight);

        // The client.
        y = Math.Max(left, right + 12) + 14;
        Text(gfx, document.ClientLabel, bold, Margin, y, 300);
        y += 13;
        foreach (var line in Lines(client.Name, client.CompanyName, client.AddressLine1, client.AddressLine2,
                     Join(" ", client.PostalCode, client.City), client.Country, client.Email))
        {
            Text(gfx, line, regular, Margin, y, 300);
            y += 12;
        }

        // The lines.
        y += 16;
        y = TableHeader(gfx, bold, y);
        foreach (var item in document.Lines)
        {
            if (y + Row > Bottom)
            {
                gfx = NewPage();
                y = TableHeader(gfx, bold, Margin);
            }
            Text(gfx, Fit(gfx, item.Description, regular, Description.W - 6), regular, Description.X, y, Description.W);
            Text(gfx, item.Quantity.ToString("0.###", Invariant), regular, Quantity.X, y, Quantity.W, XStringFormats.TopRight);
            Text(gfx, Money(item.UnitPrice, 4), regular, UnitPrice.X, y, UnitPrice.W, XStringFormats.TopRight);
            Text(gfx, $"{item.TaxRate.ToString("0.##", Invariant)} %", regular, Tax.X, y, Tax.W, XStringFormats.TopRight);
            Text(gfx, Money(item.Amount), regular, Amount.X, y, Amount.W, XStringFormats.TopRight);
            y += Row;
        }

        // The totals: subtotal, the tax of each rate on that rate's lines, total, then the document's own rows.
        var totals = new List<(string Label, decimal Value, bool Strong)> { ("Subtotal", document.Subtotal, false) };
        totals.AddRange(document.TaxLines.Select(t => ($"Tax {t.Rate.ToString("0.##", Invariant)} % on {Money(t.Net)}", t.Tax, false)));
        totals.Add(($"Total {document.Currency}", document.Total, true));
        totals.AddRange(document.AfterTotal);
        var footer = Lines(document.Notes, BankLine(studio)).ToList();
        if (y + 8 + totals.Count * Row + footer.Count * 24 > Bottom)
        {
            gfx = NewPage();
            y = Margin;
        }
        gfx.DrawLine(XPens.Gray, UnitPrice.X, y + 2, PageWidth - Margin, y + 2);
        y += 8;
        foreach (var (label, value, strong) in totals)
        {
            Text(gfx, label, strong ? bold : regular, 280, y, Tax.X + Tax.W - 280, XStringFormats.TopRight);
            Text(gfx, Money(value), strong ? bold : regular, Amount.X, y, Amount.W, XStringFormats.TopRight);
            y += Row;
        }
        y += 10;
        foreach (var line in footer)
        {
            Text(gfx, Fit(gfx, line, regular, PageWidth - 2 * Margin), regular, Margin, y, PageWidth - 2 * Margin);
            y += 24;
        }

        for (var n = 0; n < pages.Count; n++)
        {
            Text(pages[n], $"{heading} · page {n + 1} of {pages.Count}", regular, Margin, PageHeight - 40, PageWidth - 2 * Margin, XStringFormats.TopCenter);
            pages[n].Dispose();
        }
        using var output = new MemoryStream();
        doc.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static double TableHeader(XGraphics gfx, XFont bold, double y)
    {
        Text(gfx, "Description", bold, Description.X, y, Description.W);
        Text(gfx, "Qty", bold, Quantity.X, y, Quantity.W, XStringFormats.TopRight);
        Text(gfx, "Unit price", bold, UnitPrice.X, y, UnitPrice.W, XStringFormats.TopRight);
        Text(gfx, "Tax", bold, Tax.X, y, Tax.W, XStringFormats.TopRight);
        Text(gfx, "Amount", bold, Amount.X, y, Amount.W, XStringFormats.TopRight);
        gfx.DrawLine(XPens.Gray, Margin, y + 13, PageWidth - Margin, y + 13);
        return y + 18;
    }

    private static void Text(XGraphics gfx, string text, XFont font, double x, double y, double width, XStringFormat? format = null) =>
        gfx.DrawString(text, font, XBrushes.Black, new XRect(x, y, width, 12), format ?? XStringFormats.TopLeft);

    /// <summary>The text, cut with an ellipsis where it would run into the next column.</summary>
    private static string Fit(XGraphics gfx, string text, XFont font, double width)
    {
        if (gfx.MeasureString(text, font).Width <= width) return text;
        var cut = text.Length;
        while (cut > 1 && gfx.MeasureString(text[..cut] + "…", font).Width > width) cut -= Math.Max(1, cut / 10);
        return text[..cut].TrimEnd() + "…";
    }

    /// <summary>"1,234.50"; unit prices keep up to 4 decimals ("0.1250" → "0.125").</summary>
    private static string Money(decimal value, int decimals = 2) =>
        value.ToString(decimals == 2 ? "#,##0.00" : "#,##0.00##", Invariant);

    private static string? BankLine(StudioSettingsDto s) =>
        s.BankIban is null && s.BankName is null ? null
        : "Bank transfer: " + Join(" · ", s.BankName, s.BankIban is null ? null : $"IBAN {s.BankIban}", s.BankBic is null ? null : $"BIC {s.BankBic}");

    internal static IEnumerable<string> Lines(params string?[] lines) => lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!);

    internal static string? Join(string separator, params string?[] parts) =>
        parts.Any(p => !string.IsNullOrWhiteSpace(p)) ? string.Join(separator, parts.Where(p => !string.IsNullOrWhiteSpace(p))) : null;
}
