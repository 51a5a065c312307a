using Microsoft.Extensions.Options;

namespace StudioManager.Infrastructure.Email;

/// <summary>Absolute links for emails: Email:PublicBaseUrl when set (the address users reach behind proxies),
/// otherwise the scheme and host of the current request.</summary>
public sealed class PublicLinks(IOptions<EmailOptions> options, IHttpContextAccessor http)
{
    public string Absolute(string pathAndQuery)
    {
        var configured = options.Value.PublicBaseUrl;
        var baseUrl = !string.IsNullOrWhiteSpace(configured)
            ? configured.TrimEnd('/')
            : http.HttpContext is { } ctx
                ? $"{ctx.Request.Scheme}://{ctx.Request.Host}{ctx.Request.PathBase}"
                : throw new InvalidOperationException("Email:PublicBaseUrl is required to build links outside a request.");
        return baseUrl + pathAndQuery;
    }
}
