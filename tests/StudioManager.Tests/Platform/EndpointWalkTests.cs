using System.Net;
using StudioManager.Tests.Identity;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

/// <summary>Walks every studio route the app has registered (so routes added later are covered without a change here):
/// an anonymous caller gets 401 (pages: the login redirect), a member of another studio gets 404.</summary>
public abstract class EndpointWalkTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldAnswer401ToAnonymousAnd404ToOtherStudiosOnEveryStudioApiEndpoint()
    {
        var target = await app.RegisterStudioAsync("Walk Target");
        var outsider = await app.RegisterStudioAsync("Walk Outsider");
        var endpoints = StudioRoutes.Under(app, "/api/studios/{studio}").ToList();
        Assert.Contains(endpoints, e => e.Pattern == "/api/studios/{studio}/members/{userId:int}" && e.Method == "DELETE");

        var anonymous = app.CreateClient();
        var failures = new List<string>();
        foreach (var route in endpoints)
        {
            var url = StudioRoutes.Fill(route.Pattern, target.Slug);
            var anon = await anonymous.SendAsync(StudioRoutes.Request(route, url));
            if (anon.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"anonymous {route.Method} {route.Pattern}: {(int)anon.StatusCode}");
            var other = await outsider.Http.SendAsync(StudioRoutes.Request(route, url));
            if (other.StatusCode != HttpStatusCode.NotFound) failures.Add($"outsider {route.Method} {route.Pattern}: {(int)other.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task ShouldRedirectAnonymousToLoginAndAnswer404ToOtherStudiosOnEveryStudioPage()
    {
        var target = await app.RegisterStudioAsync("Walk Page Target");
        var outsider = await app.RegisterStudioAsync("Walk Page Outsider");
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = outsider.Email, ["Input.Password"] = outsider.Password });
        var pages = StudioRoutes.Under(app, "/s/{studio}").Where(e => e.Method == "GET").Select(e => e.Pattern).Distinct().ToList();
        Assert.Contains("/s/{studio}/settings", pages);
        Assert.Contains("/s/{studio}/members", pages);

        var anonymous = Browser.Open(app);
        var failures = new List<string>();
        foreach (var pattern in pages)
        {
            var url = StudioRoutes.Fill(pattern, target.Slug);
            var anon = await anonymous.Http.GetAsync(url);
            if (anon.StatusCode != HttpStatusCode.Redirect || anon.Headers.Location?.AbsolutePath != "/login")
                failures.Add($"anonymous {pattern}: {(int)anon.StatusCode} {anon.Headers.Location}");
            var other = await browser.Http.GetAsync(url);
            if (other.StatusCode != HttpStatusCode.NotFound) failures.Add($"outsider {pattern}: {(int)other.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EndpointWalkTests_Sqlite(SqliteAppFactory app) : EndpointWalkTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EndpointWalkTests_Postgres(PostgresAppFactory app) : EndpointWalkTests(app);
