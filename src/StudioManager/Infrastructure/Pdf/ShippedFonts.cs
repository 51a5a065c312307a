using PdfSharp.Fonts;

namespace StudioManager.Infrastructure.Pdf;

/// <summary>PDFsharp's fonts, from the assembly (DejaVu Sans and its bold, shipped in the repo under Fonts/ with their
/// licence): every document renders the same on any machine, with or without system fonts. Any family asked for
/// resolves to DejaVu Sans; italic is simulated.</summary>
public sealed class ShippedFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";
    private static readonly Lock Gate = new();

    /// <summary>Makes PDFsharp use these fonts (a process-wide setting, which PDFsharp lets be set once).</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is ShippedFonts) return;
            GlobalFontSettings.FontResolver = new ShippedFonts();
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(ShippedFonts).Assembly.GetManifestResourceStream($"Fonts.{faceName}.ttf");
        if (stream is null) return null;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
