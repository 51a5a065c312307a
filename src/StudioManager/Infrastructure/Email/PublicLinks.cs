using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace StudioManager.Infrastructure.Email;

/// <summary>Absolute links for emails: Email:PublicBaseUrl (the address users reach, behind a proxy say), otherwise
/// the server's own configured address (--urls / ASPNETCORE_URLS). Never the request's Host header: whoever sends
/// the request chooses it, and a reset link must not lead to a host of their choosing.</summary>
public sealed class PublicLinks(IOptions<EmailOptions> options, IServer server, IConfiguration config, ILogger<PublicLinks> logger)
{
    public string Absolute(string pathAndQuery) => BaseUrl + pathAndQuery;

    private string BaseUrl => Configured ?? ServerUrl
        ?? throw new InvalidOperationException("Set Email:PublicBaseUrl: links in mail need the address users reach.");

    private string? Configured => string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? null : options.Value.PublicBaseUrl.TrimEnd('/');

    /// <summary>The address the server listens on (https first); the configured urls when the server reports none.</summary>
    private string? ServerUrl
    {
        get
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses is { Count: > 0 } bound
                ? bound
                : (config["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var address = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
            return address is null ? null : Reachable(address).TrimEnd('/');
        }
    }

    /// <summary>Call once the server listens: without Email:PublicBaseUrl, links carry the server's own address,
    /// which users behind a proxy or on another machine may not reach.</summary>
    public void WarnIfUnconfigured()
    {
        if (Configured is null)
            logger.LogWarning("Email:PublicBaseUrl is not set: links in mail (invitations, password reset) use the server's own address {BaseUrl}. " +
                "Set it to the address your users reach.", ServerUrl ?? "(none)");
    }

    /// <summary>A listening address as a browser can open it: a wildcard host ("http://0.0.0.0:8080", "http://[::]:80",
    /// "http://*:80", "http://+:80") becomes localhost.</summary>
    public static string Reachable(string address)
    {
        foreach (var wildcard in new[] { "://0.0.0.0", "://[::]", "://*", "://+" })
            if (address.Contains(wildcard)) return address.Replace(wildcard, "://localhost");
        return address;
    }
}
