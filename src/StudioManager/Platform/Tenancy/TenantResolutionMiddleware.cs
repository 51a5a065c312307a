using System.Security.Claims;
using StudioManager.Identity;
using StudioManager.Platform;

namespace StudioManager.Platform.Tenancy;

/// <summary>For endpoints marked StudioScoped: resolves {studio} from the route, checks that the signed-in user is a
/// member (404 otherwise: another studio's data does not exist for them), checks the endpoint's permission (403),
/// and fills CurrentTenant before the handler's parameters are bound. Runs after authentication and authorization.</summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, StudioDirectory directory, CurrentTenant tenant)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<StudioScopedAttribute>() is null)
        {
            await next(http);
            return;
        }

        var slug = http.GetRouteValue("studio") as string;
        var userId = http.User.UserId();
        if (userId is null)
        {
            // Authorization normally answers first; this covers endpoints that forgot RequireAuthorization.
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var studio = string.IsNullOrEmpty(slug) ? null : await directory.FindAsync(slug, http.RequestAborted);
        var role = studio is null ? null : await directory.RoleOfAsync(studio.OrganizationId, userId.Value, http.RequestAborted);
        if (studio is null || role is null || studio.Status is TenantDatabaseStatus.Provisioning or TenantDatabaseStatus.Deleted)
        {
            await RefuseAsync(http, StatusCodes.Status404NotFound, "Not found", $"There is no studio '{slug}' for you.");
            return;
        }

        // Default-deny: an endpoint or page declares a permission, or that any member may use it.
        var needed = endpoint.Metadata.GetOrderedMetadata<RequiresPermissionAttribute>();
        var missing = needed.FirstOrDefault(p => !role.Value.Can(p.Permission));
        if (missing is not null || (needed.Count == 0 && endpoint.Metadata.GetMetadata<AnyMemberAttribute>() is null))
        {
            await RefuseAsync(http, StatusCodes.Status403Forbidden, "Forbidden", missing is null
                ? "This part of the studio declares no permission, so nobody may use it."
                : $"Your role ({role.Value.ToString().ToLowerInvariant()}) does not allow this: {missing.Permission.Describe()}.");
            return;
        }

        await tenant.EnterAsync(studio, userId.Value, http.User.FindFirstValue(ClaimTypes.GivenName) ?? http.User.Identity?.Name ?? "", role.Value,
            http.RequestAborted);
        using (http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tenancy")
                   .BeginScope(new Dictionary<string, object> { ["StudioId"] = studio.OrganizationId }))
        {
            await next(http);
        }
    }

    /// <summary>The API gets problem details; pages get the bare status, which the status-code page renders as HTML.</summary>
    private static Task RefuseAsync(HttpContext http, int status, string title, string detail)
    {
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            http.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        return Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(http);
    }
}
