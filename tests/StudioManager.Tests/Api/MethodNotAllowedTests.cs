using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Api;

/// <summary>Walks every API path the app maps (so paths added later are covered without a change here): a method the
/// path does not map answers 405, GET included, as OpenAPI clients and fuzzers expect.</summary>
public abstract partial class MethodNotAllowedTests(StudioAppFactory app)
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

    [Fact]
    public async Task ShouldAnswer405ToEveryMethodAnApiPathDoesNotMap()
    {
        var paths = (from e in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                     let pattern = e.RoutePattern.RawText ?? ""
                     where pattern.StartsWith("/api/")
                     from method in e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []
                     group method by pattern).ToList();
        Assert.Contains(paths, p => p.Key == "/api/auth/login");
        Assert.Contains(paths, p => p.Key == "/api/studios/{studio}/clients/import");

        var anonymous = app.CreateClient();
        var failures = new List<string>();
        foreach (var path in paths)
        // HEAD is the one method ASP.NET leaves to the GET endpoint's discretion; only POST-only paths are held to it.
        foreach (var method in Methods.Except(path).Where(m => m != "HEAD" || !path.Contains("GET")))
        {
            var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), Fill(path.Key)));
            if (response.StatusCode != HttpStatusCode.MethodNotAllowed)
                failures.Add($"{method} {path.Key}: {(int)response.StatusCode}");
            else if (!response.Content.Headers.Allow.ToHashSet().SetEquals(path))
                failures.Add($"{method} {path.Key}: Allow {string.Join(", ", response.Content.Headers.Allow)}");
        }
        Assert.Empty(failures);
    }

    /// <summary>{id:int} → 1, any other parameter → x.</summary>
    private static string Fill(string pattern) =>
        Parameter().Replace(pattern, m => m.Value.Contains(":int") ? "1" : "x");

    [GeneratedRegex(@"\{[^}]+\}")] private static partial Regex Parameter();
}

[Collection(SqliteCollection.Name)]
public sealed class MethodNotAllowedTests_Sqlite(SqliteAppFactory app) : MethodNotAllowedTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MethodNotAllowedTests_Postgres(PostgresAppFactory app) : MethodNotAllowedTests(app);
