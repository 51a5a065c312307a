using System.Text;
using System.Threading.Channels;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace StudioManager.BrowserTests;

/// <summary>A browser tab (its own context: its own cookies) that checks every page it shows: no critical or serious
/// axe-core violation, no console error, no uncaught script error, no failed or 4xx/5xx resource (the icon included),
/// and the page's own status as expected. Tests move between pages only through <see cref="GotoAsync"/>,
/// <see cref="ClickAsync"/> and <see cref="ReloadAsync"/>, which wait for the next page to be shown and check it; a
/// page shown any other way is reported as unchecked.</summary>
public sealed class BrowserTab : IAsyncDisposable
{
    private static readonly string[] FailingImpacts = ["critical", "serious"];

    // Full loads report on "load"; Blazor's enhanced navigation and enhanced form posts patch the document in place
    // and report on "enhancedload". blazor.web.js is a classic script at the end of <body>, so window.Blazor exists
    // by DOMContentLoaded.
    private const string ShownScript = """
        if (window === window.top) {
          window.addEventListener('load', () => window.__pageShown(location.href));
          document.addEventListener('DOMContentLoaded', () =>
            window.Blazor?.addEventListener('enhancedload', () => window.__pageShown(location.href)));
        }
        """;

    // The browser fetches the icon itself, outside the page's requests (Playwright never sees it): the declared icons,
    // or /favicon.ico when there is none.
    private const string IconsScript = """
        () => { const icons = [...document.querySelectorAll('link[rel~="icon"]')].map(l => l.href);
                return icons.length ? icons : [new URL('/favicon.ico', location.href).href]; }
        """;

    private readonly IBrowserContext _context;
    private readonly Channel<string> _shown;
    private readonly List<string> _problems = [];
    private readonly HashSet<string> _checkedIcons = [];
    private int? _documentStatus;

    public IPage Page { get; }
    public string Url => Page.Url;

    private BrowserTab(IBrowserContext context, IPage page, Channel<string> shown)
    {
        _context = context;
        _shown = shown;
        Page = page;
        page.Console += (_, m) =>
        {
            // Chromium also logs every 4xx/5xx response as a console error: resources are reported below, and the
            // page's own status is checked against the expected one (a 404 page answers 404).
            if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource: the server responded with a status of", StringComparison.Ordinal))
                Problem($"console error: {m.Text} ({m.Location})");
        };
        page.PageError += (_, error) => Problem($"uncaught script error: {error}");
        page.RequestFailed += (_, r) =>
        {
            // A page request that a newer navigation supersedes is aborted: no failure.
            if (!(IsDocument(r) && r.Failure == "net::ERR_ABORTED")) Problem($"request failed: {r.Method} {r.Url}: {r.Failure}");
        };
        page.Response += (_, r) =>
        {
            if (r.Status is >= 300 and < 400) return; // followed
            if (IsDocument(r.Request)) _documentStatus = r.Status;
            else if (r.Status >= 400) Problem($"resource answered {r.Status}: {r.Request.Method} {r.Url} ({r.Request.ResourceType})");
        };
    }

    public static async Task<BrowserTab> OpenAsync(IBrowser browser, string baseUrl)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseUrl });
        // Generous waits: CI shares two cores between the app, PostgreSQL and Chromium.
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        var shown = Channel.CreateUnbounded<string>();
        await context.ExposeFunctionAsync<string>("__pageShown", url => shown.Writer.TryWrite(url));
        await context.AddInitScriptAsync(ShownScript);
        return new BrowserTab(context, await context.NewPageAsync(), shown);
    }

    /// <summary>Opens a URL (relative to the app) and checks the page; <paramref name="status"/> is the page's expected
    /// HTTP status.</summary>
    public Task GotoAsync(string url, int status = 200) => ShowAsync(() => Page.GotoAsync(url), status);

    /// <summary>Clicks a link or a submit button and checks the page it leads to (another page, or the same page with
    /// the form's messages).</summary>
    public Task ClickAsync(string selector, int status = 200) => ShowAsync(() => Page.ClickAsync(selector), status);

    public Task ReloadAsync() => ShowAsync(() => Page.ReloadAsync(), 200);

    /// <summary>Checks the page as it is now, after a change within it (an opened menu).</summary>
    public async Task CheckAsync()
    {
        ThrowIfShownUnchecked();
        await CheckShownPageAsync(Page.Url);
    }

    private async Task ShowAsync(Func<Task> navigate, int status)
    {
        ThrowIfShownUnchecked();
        _documentStatus = null;
        await navigate();
        string url;
        try
        {
            url = await _shown.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            // Blazor shows no page when the server answers an error to an enhanced navigation, nor does the browser
            // when it refuses a form.
            Problem($"no page was shown within 60 s (still at {Page.Url}; the last page response: {_documentStatus?.ToString() ?? "none"})");
            ThrowIfProblems();
            throw;
        }
        // A redirect after a form post can show a page twice: the last one counts.
        while (_shown.Reader.TryRead(out var later)) url = later;
        if (_documentStatus != status) Problem($"{url} answered {_documentStatus?.ToString() ?? "nothing"}, expected {status}");
        await CheckShownPageAsync(url);
    }

    private async Task CheckShownPageAsync(string url)
    {
        // axe tells an icon font's ligature ("chevron_left") from text only with the font loaded, and an interactive
        // island may render its icons at any moment: load every font the page declares first, so that the verdict does
        // not depend on how far a download got.
        await Page.EvaluateAsync("() => Promise.all([...document.fonts].map(f => f.load().catch(() => null)))");
        var result = await Page.RunAxe();
        foreach (var v in result.Violations.Where(v => FailingImpacts.Contains(v.Impact)))
        {
            var nodes = string.Join("; ", v.Nodes.Take(5).Select(n => $"{n.Target} {Shorten(n.Html)}"));
            Problem($"axe {v.Impact} {v.Id} on {url}: {v.Help}: {nodes}");
        }
        foreach (var icon in await Page.EvaluateAsync<string[]>(IconsScript))
        {
            if (!_checkedIcons.Add(icon)) continue;
            var response = await Page.APIRequest.GetAsync(icon);
            if (!response.Ok) Problem($"icon answered {response.Status}: GET {icon} (on {url})");
        }
        ThrowIfProblems();
    }

    private static string Shorten(string html) => html.Length <= 160 ? html : html[..160] + "…";

    // An enhanced-navigation fetch brings the next page's document, like a navigation does (a followed redirect is a
    // new request: the first one of the chain says what it is).
    private static bool IsDocument(IRequest request)
    {
        while (request.RedirectedFrom is { } previous) request = previous;
        return request.IsNavigationRequest
            || (request.Headers.TryGetValue("accept", out var accept) && accept.Contains("blazor-enhanced-nav", StringComparison.Ordinal));
    }

    private void Problem(string problem)
    {
        lock (_problems) _problems.Add(problem);
    }

    private void ThrowIfShownUnchecked()
    {
        if (_shown.Reader.TryRead(out var url))
            Problem($"{url} was shown without a check: move between pages with BrowserTab's GotoAsync, ClickAsync or ReloadAsync");
        ThrowIfProblems();
    }

    private void ThrowIfProblems()
    {
        lock (_problems)
        {
            if (_problems.Count == 0) return;
            var message = new StringBuilder($"{_problems.Count} problem(s) in the browser:").AppendLine();
            foreach (var p in _problems) message.Append("- ").AppendLine(p);
            _problems.Clear();
            throw new BrowserProblemException(message.ToString());
        }
    }

    /// <summary>Reports what went wrong after the last check (a late resource, a page shown without a check), then
    /// closes the tab.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            ThrowIfShownUnchecked();
        }
        finally
        {
            await _context.DisposeAsync();
        }
    }
}

public sealed class BrowserProblemException(string message) : Exception(message);
