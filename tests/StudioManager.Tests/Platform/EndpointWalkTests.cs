using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StudioManager.Tests.Identity;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

/// <summary>Walks every studio route the app has registered (so routes added later are covered without a change here):
/// an anonymous caller gets 401 (pages: the login redirect), a member of another studio gets 404.</summary>
public abstract partial class EndpointWalkTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldAnswer401ToAnonymousAnd404ToOtherStudiosOnEveryStudioApiEndpoint()
    {
        var target = await app.RegisterStudioAsync("Walk Target");
        var outsider = await app.RegisterStudioAsync("Walk Outsider");
        var endpoints = StudioEndpoints("/api/studios/{studio}").ToList();
        Assert.Contains(endpoints, e => e.Pattern == "/api/studios/{studio}/members/{userId:int}" && e.Method == "DELETE");

        var anonymous = app.CreateClient();
        var failures = new List<string>();
        foreach (var (pattern, method, multipart) in endpoints)
        {
            var url = Fill(pattern, target.Slug);
            var anon = await anonymous.SendAsync(Request(method, url, multipart));
            if (anon.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"anonymous {method} {pattern}: {(int)anon.StatusCode}");
            var other = await outsider.Http.SendAsync(Request(method, url, multipart));
            if (other.StatusCode != HttpStatusCode.NotFound) failures.Add($"outsider {method} {pattern}: {(int)other.StatusCode}");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task ShouldRedirectAnonymousToLoginAndAnswer404ToOtherStudiosOnEveryStudioPage()
    {
        var target = await app.RegisterStudioAsync("Walk Page Target");
        var outsider = await app.RegisterStudioAsync("Walk Page Outsider");
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = outsider.Email, ["Input.Password"] = outsider.Password });
        var pages = StudioEndpoints("/s/{studio}").Where(e => e.Method == "GET").Select(e => e.Pattern).Distinct().ToList();
        Assert.Contains("/s/{studio}/settings", pages);
        Assert.Contains("/s/{studio}/members", pages);

        var anonymous = Browser.Open(app);
        var failures = new List<string>();
        foreach (var pattern in pages)
        {
            var url = Fill(pattern, target.Slug);
            var anon = await anonymous.Http.GetAsync(url);
            if (anon.StatusCode != HttpStatusCode.Redirect || anon.Headers.Location?.AbsolutePath != "/login")
                failures.Add($"anonymous {pattern}: {(int)anon.StatusCode} {anon.Headers.Location}");
            var other = await browser.Http.GetAsync(url);
            if (other.StatusCode != HttpStatusCode.NotFound) failures.Add($"outsider {pattern}: {(int)other.StatusCode}");
        }
        Assert.Empty(failures);
    }

    private IEnumerable<(string Pattern, string Method, bool Multipart)> StudioEndpoints(string prefix) =>
        from e in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        let pattern = e.RoutePattern.RawText ?? ""
        where pattern == prefix || pattern.StartsWith(prefix + "/")
        from method in e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]
        select (pattern, method, e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Contains("multipart/form-data") == true);

    /// <summary>{studio} → the slug; any other parameter → 1.</summary>
    private static string Fill(string pattern, string slug) =>
        Parameter().Replace(pattern.Replace("{studio}", slug), "1");

    /// <summary>A body of the kind the endpoint accepts: an empty form for uploads, {} otherwise.</summary>
    private static HttpRequestMessage Request(string method, string url, bool multipart)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
            request.Content = multipart ? new MultipartFormDataContent() : new StringContent("{}", Encoding.UTF8, "application/json");
        return request;
    }

    [GeneratedRegex(@"\{[^}]+\}")] private static partial Regex Parameter();
}

[Collection(SqliteCollection.Name)]
public sealed class EndpointWalkTests_Sqlite(SqliteAppFactory app) : EndpointWalkTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EndpointWalkTests_Postgres(PostgresAppFactory app) : EndpointWalkTests(app);
