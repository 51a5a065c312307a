using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace StudioManager.Tests.Infrastructure;

/// <summary>One route of the app as registered (API endpoint or page), with its metadata.</summary>
public sealed record StudioRoute(string Pattern, string Method, bool Multipart, EndpointMetadataCollection Metadata);

/// <summary>The routes the app has registered, read from its EndpointDataSource: walks cover routes added later
/// without a change to the tests.</summary>
public static partial class StudioRoutes
{
    public static IEnumerable<StudioRoute> Under(StudioAppFactory app, string prefix) =>
        from e in All(app)
        where e.Pattern == prefix || e.Pattern.StartsWith(prefix + "/")
        select e;

    public static IEnumerable<StudioRoute> All(StudioAppFactory app) =>
        from e in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        let pattern = e.RoutePattern.RawText ?? ""
        from method in e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]
        select new StudioRoute(pattern, method, e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Contains("multipart/form-data") == true, e.Metadata);

    /// <summary>{studio} → the slug; any other parameter → id.</summary>
    public static string Fill(string pattern, string slug, int id = 1) =>
        Parameter().Replace(pattern.Replace("{studio}", slug), id.ToString());

    /// <summary>A request with a body of the kind the endpoint accepts: an empty form for uploads, {} otherwise.</summary>
    public static HttpRequestMessage Request(StudioRoute route, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
        if (route.Method is "POST" or "PUT" or "PATCH")
            request.Content = route.Multipart ? new MultipartFormDataContent() : new StringContent("{}", Encoding.UTF8, "application/json");
        return request;
    }

    [GeneratedRegex(@"\{[^}]+\}")] private static partial Regex Parameter();
}
