using StudioManager.Tests.Infrastructure;

namespace StudioManager.BrowserTests;

/// <summary>The checks every shown page gets from <see cref="BrowserTab"/>: each kind of problem fails the step.</summary>
public abstract class BrowserTabTests<TFactory>(BrowserFixture<TFactory> fx) where TFactory : StudioAppFactory, new()
{
    [Fact]
    public async Task ShouldFailOnAccessibilityViolationsScriptErrorsMissingResourcesAndAnUnexpectedStatus()
    {
        await using var tab = await fx.OpenTabAsync();
        // A page of the app's origin with one problem of each kind; it declares no icon, so the browser asks the app
        // for /favicon.ico, which does not exist.
        await tab.Page.RouteAsync("**/broken", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = """
                <!DOCTYPE html><html lang="en"><head><title>Broken</title><style>a { color: #222; text-decoration: none }</style></head>
                <body><main><h1>Broken</h1>
                <p style="color: #000">Read <a href="/elsewhere">the terms</a> first.</p>
                <input name="unlabelled"><img src="/missing.png" alt="">
                <script>console.error('boom'); throw new Error('bang');</script>
                </main></body></html>
                """,
        }));

        var broken = await Assert.ThrowsAsync<BrowserProblemException>(() => tab.GotoAsync("/broken"));
        Assert.Contains("axe critical label", broken.Message);
        Assert.Contains("axe serious link-in-text-block", broken.Message);
        Assert.Contains("console error: boom", broken.Message);
        Assert.Contains("uncaught script error", broken.Message);
        Assert.Contains($"resource answered 404: GET {fx.BaseUrl}/missing.png", broken.Message);
        Assert.Contains($"icon answered 404: GET {fx.BaseUrl}/favicon.ico", broken.Message);

        var missing = await Assert.ThrowsAsync<BrowserProblemException>(() => tab.GotoAsync("/no-such-page"));
        Assert.Contains("answered 404, expected 200", missing.Message);
    }
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class BrowserTabTests_Sqlite(SqliteBrowserFixture fx) : BrowserTabTests<SqliteAppFactory>(fx);

[Collection(PostgresBrowserCollection.Name)]
public sealed class BrowserTabTests_Postgres(PostgresBrowserFixture fx) : BrowserTabTests<PostgresAppFactory>(fx);
