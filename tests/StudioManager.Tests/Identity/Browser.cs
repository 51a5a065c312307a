using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Identity;

/// <summary>A cookie-keeping client that fills in the app's server-rendered forms like a browser without script:
/// it reads the form's hidden fields (form name, antiforgery token) from the page and posts them with the values.</summary>
public sealed partial class Browser(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public static Browser Open(StudioAppFactory app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<string> GetHtmlAsync(string url)
    {
        var response = await Http.GetAsync(url);
        await StudioApi.EnsureAsync(response);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Opens the page and submits the form named formName (Blazor's _handler) with these fields.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string url, string formName, IDictionary<string, string>? fields = null,
        (string Field, byte[] Content, string FileName)? file = null)
    {
        var html = await GetHtmlAsync(url);
        var form = Forms().Matches(html).Select(m => m.Value)
            .FirstOrDefault(f => HiddenInputs(f).Any(i => i.Key == "_handler" && i.Value == formName))
            ?? throw new InvalidOperationException($"No form '{formName}' on {url}:\n{html}");
        var values = HiddenInputs(form).Concat(fields ?? new Dictionary<string, string>()).ToList();
        HttpContent content;
        if (file is { } f)
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (k, v) in values) multipart.Add(new StringContent(v), k);
            multipart.Add(new ByteArrayContent(f.Content), f.Field, f.FileName);
            content = multipart;
        }
        else content = new FormUrlEncodedContent(values);
        return await Http.PostAsync(url, content);
    }

    /// <summary>Submits and expects a redirect; returns its target.</summary>
    public async Task<string> SubmitExpectingRedirectAsync(string url, string formName, IDictionary<string, string>? fields = null)
    {
        var response = await SubmitAsync(url, formName, fields);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Expected a redirect from {formName}, got {(int)response.StatusCode}:\n{await response.Content.ReadAsStringAsync()}");
        // Same-site redirects come back absolute on this host: keep the path, which is what they mean.
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri && location.Host == Http.BaseAddress!.Host ? location.PathAndQuery : location.OriginalString;
    }

    /// <summary>The antiforgery token in this page's forms, for an API request made with the cookie (sent in the
    /// RequestVerificationToken header, as the app's own script would).</summary>
    public async Task<string> AntiforgeryTokenAsync(string url) =>
        HiddenInputs(await GetHtmlAsync(url)).First(i => i.Key == "__RequestVerificationToken").Value;

    private static IEnumerable<KeyValuePair<string, string>> HiddenInputs(string form) =>
        Inputs().Matches(form).Select(m => m.Value)
            .Where(i => i.Contains("type=\"hidden\""))
            .Select(i => KeyValuePair.Create(Attr(i, "name"), Attr(i, "value")));

    private static string Attr(string tag, string name)
    {
        var m = Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"");
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : "";
    }

    [GeneratedRegex("<form[^>]*>.*?</form>", RegexOptions.Singleline)] private static partial Regex Forms();
    [GeneratedRegex("<input[^>]*>")] private static partial Regex Inputs();
}
