using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using StudioManager.Clients;
using StudioManager.Infrastructure.Pdf;
using StudioManager.Platform;

namespace StudioManager.Sales;

/// <summary>A contract as an A4 PDF (PDFsharp, the fonts shipped in the repo): the studio's logo and details (drawn as on
/// every sales document, by SalesPdf), the client, the
/// title, type, project, value and dates, the terms wrapped over as many pages as they take, and for a signed contract
/// the signature record (name, time in UTC, IP address, SHA-256 of the terms). Pure: the same data gives the same pages.</summary>
public static class ContractPdf
{
    private const double Margin = 50, PageWidth = 595, PageHeight = 842, Bottom = PageHeight - 70, Line = 12.5, Width = PageWidth - 2 * Margin;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static byte[] Render(StudioSettingsDto studio, byte[]? logo, ClientDto client, ContractDto contract, string? projectTitle)
    {
        ShippedFonts.Register();
        var regular = new XFont(ShippedFonts.Family, 9.5, XFontStyleEx.Regular);
        var bold = new XFont(ShippedFonts.Family, 9.5, XFontStyleEx.Bold);
        var title = new XFont(ShippedFonts.Family, 16, XFontStyleEx.Bold);
        var heading = $"Contract {contract.Number}";
        var doc = new PdfDocument();
        doc.Info.Title = $"{heading} · {studio.Name}";
        doc.Info.Author = studio.Name;

        var pages = new List<XGraphics>();
        var gfx = NewPage();
        XGraphics NewPage()
        {
            var page = doc.AddPage();
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            var g = XGraphics.FromPdfPage(page);
            pages.Add(g);
            return g;
        }
        var y = Margin;
        // Writes a line, on a new page when this one is full.
        void Write(string text, XFont font, double x = Margin, double width = Width)
        {
            if (y + Line > Bottom)
            {
                gfx = NewPage();
                y = Margin;
            }
            gfx.DrawString(text, font, XBrushes.Black, new XRect(x, y, width, Line), XStringFormats.TopLeft);
            y += Line;
        }

        // The studio, top left under its logo; the number and status, top right.
        using var image = SalesPdf.Logo(logo); // kept until the document is saved: the page refers to it
        gfx.DrawString(heading, bold, XBrushes.Black, new XRect(330, y, 215, Line), XStringFormats.TopRight);
        gfx.DrawString($"Status: {ContractLifecycle.Name(contract.Status)}", regular, XBrushes.Black, new XRect(330, y + 16, 215, Line), XStringFormats.TopRight);
        y = SalesPdf.DrawStudio(gfx, studio, image, title, regular);

        y += 12;
        Write("Client", bold);
        foreach (var line in SalesPdf.Lines(client.Name, client.CompanyName, client.AddressLine1, client.AddressLine2,
                     SalesPdf.Join(" ", client.PostalCode, client.City), client.Country, client.Email))
            Write(line, regular);

        y += 12;
        foreach (var line in Wrap(gfx, contract.Title, bold, Width)) Write(line, bold);
        foreach (var (label, value) in new[]
                 {
                     ("Type", ContractMerge.TypeLabel(contract.Type)), ("Project", projectTitle),
                     ("Value", ContractMerge.Money(contract.Value, contract.Currency)),
                     ("Start", ContractMerge.Date(contract.StartDate)), ("End", ContractMerge.Date(contract.EndDate)),
                 })
            if (value is not null) Write($"{label}: {value}", regular);

        y += 12;
        Write("Terms", bold);
        foreach (var paragraph in contract.Terms.ReplaceLineEndings("\n").Split('\n'))
            foreach (var line in Wrap(gfx, paragraph, regular, Width))
                Write(line, regular);

        if (contract.Signature is { } s)
        {
            y += 18;
            Write("Signature record", bold);
            Write($"Signed by: {s.SignerName}", regular);
            Write($"Signed at: {s.SignedAt.ToString("yyyy-MM-dd HH:mm:ss.ffffff", Invariant)} UTC", regular);
            Write($"IP address: {s.SignerIp ?? "unknown"}", regular);
            Write("SHA-256 of the signed terms (UTF-8):", regular);
            Write(s.TextSha256, regular);
        }

        for (var n = 0; n < pages.Count; n++)
        {
            pages[n].DrawString($"{heading} · page {n + 1} of {pages.Count}", regular, XBrushes.Black,
                new XRect(Margin, PageHeight - 40, Width, Line), XStringFormats.TopCenter);
            pages[n].Dispose();
        }
        using var output = new MemoryStream();
        doc.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>The paragraph cut into lines that fit the width, at spaces; a word wider than a line is cut where it must.
    /// An empty paragraph is one empty line (the blank lines of the terms stay).</summary>
    private static IEnumerable<string> Wrap(XGraphics gfx, string paragraph, XFont font, double width)
    {
        bool Fits(string text) => gfx.MeasureString(text, font).Width <= width;
        var line = "";
        foreach (var word in paragraph.Split(' '))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (Fits(candidate))
            {
                line = candidate;
                continue;
            }
            if (line.Length > 0) yield return line;
            line = word;
            while (!Fits(line))
            {
                // The longest head that fits, by halving: a long run without spaces costs a few measures per line.
                var (fits, over) = (1, line.Length);
                while (over - fits > 1)
                {
                    var mid = (fits + over) / 2;
                    if (Fits(line[..mid])) fits = mid;
                    else over = mid;
                }
                yield return line[..fits];
                line = line[fits..];
            }
        }
        yield return line;
    }
}
