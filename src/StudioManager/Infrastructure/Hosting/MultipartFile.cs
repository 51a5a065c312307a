using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using StudioManager.Infrastructure.Errors;

namespace StudioManager.Infrastructure.Hosting;

/// <summary>An uploaded file read as a stream from a multipart/form-data body (no form buffering: the content goes
/// where the use case writes it, and antiforgery cannot read a form field, see UseCookieAntiforgery).</summary>
public static class MultipartFile
{
    /// <summary>The section of the field "file", positioned at its content, after lifting the request's body limit
    /// to maxBytes (plus the multipart framing); null when the body has none. what names the file in refusals
    /// ("the audio").</summary>
    public static async Task<(Stream Body, string? FileName)?> ReadAsync(HttpRequest request, long maxBytes, string what, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes + 1024 * 1024;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new ValidationFailedException("file", $"Send {what} as multipart/form-data in the field 'file'.");
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) throw new ValidationFailedException("file", "The multipart body has no boundary.");
        var reader = new MultipartReader(boundary, request.Body);
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.Name.Equals("file", StringComparison.OrdinalIgnoreCase) || !disposition.IsFileDisposition()) continue;
                return (section.Body, HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new ValidationFailedException("file", "The multipart body is malformed: " + e.Message);
        }
        return null;
    }

    /// <summary>A file name fit for storage and a Content-Disposition header: no path, no control characters nor
    /// quotes, at most 255 characters (its end kept: the extension); fallback when nothing is left.</summary>
    public static string CleanFileName(string? name, string fallback)
    {
        var clean = new string(Path.GetFileName(name ?? "").Where(ch => !char.IsControl(ch) && ch is not ('"' or '\\' or '/')).ToArray()).Trim();
        if (clean.Length == 0) clean = fallback;
        return clean.Length <= 255 ? clean : clean[^255..];
    }
}
