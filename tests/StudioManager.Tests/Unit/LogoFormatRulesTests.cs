using System.Text;
using StudioManager.Platform;

namespace StudioManager.Tests.Unit;

/// <summary>Logos are recognised by their first bytes, never by their name or declared type (LogoFormat).</summary>
public sealed class LogoFormatRulesTests
{
    public static TheoryData<string, byte[], string?> Files => new()
    {
        { "PNG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], ".png" },
        { "PNG signature cut short", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A], null },
        { "JPEG (JFIF)", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F'], ".jpg" },
        { "JPEG (Exif)", [0xFF, 0xD8, 0xFF, 0xE1], ".jpg" },
        { "WebP", [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WEBPVP8 "u8], ".webp" },
        { "WAV (RIFF but not WebP)", [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WAVEfmt "u8], null },
        { "RIFF cut short", [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WEB"u8], null },
        { "GIF", [.. "GIF89a"u8, 1, 0], null },
        { "PDF", [.. "%PDF-1.7"u8], null },
        { "empty", [], null },
        { "SVG", Utf8("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), ".svg" },
        { "SVG with BOM, XML declaration, comment and doctype", [0xEF, 0xBB, 0xBF, .. Utf8(
            "<?xml version=\"1.0\"?>\n<!-- logo -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n  <svg\n width=\"1\">")], ".svg" },
        { "SVG element right after its name", Utf8("<svg>"), ".svg" },
        { "an element that only starts with svg", Utf8("<svgfoo/>"), null },
        { "bare <svg", Utf8("<svg"), null },
        { "HTML holding an SVG", Utf8("<html><svg></svg></html>"), null },
        { "text", Utf8("hello svg"), null },
        { "not UTF-8", [0x3C, 0x73, 0x76, 0x67, 0x20, 0xC3, 0x28], null },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void ShouldRecogniseTheFormatByItsFirstBytes(string what, byte[] content, string? extension) =>
        Assert.True(extension == LogoFormat.Detect(content), $"{what}: expected {extension ?? "null"}, got {LogoFormat.Detect(content) ?? "null"}");

    [Theory]
    [InlineData(".png", "image/png")]
    [InlineData(".jpg", "image/jpeg")]
    [InlineData(".webp", "image/webp")]
    [InlineData(".svg", "image/svg+xml")]
    public void ShouldServeEachFormatWithItsContentType(string extension, string contentType) =>
        Assert.Equal(contentType, LogoFormat.ContentType(extension));

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
