using StudioManager.Platform;

namespace StudioManager.Infrastructure.Tenancy;

/// <summary>Endpoint metadata: the route carries {studio}; the caller must be a member (404 otherwise).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class StudioScopedAttribute : Attribute;

/// <summary>Endpoint metadata: the member's role must grant this permission (403 otherwise).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RequiresPermissionAttribute(Permission permission) : Attribute
{
    public Permission Permission { get; } = permission;
}

public static class StudioScopeExtensions
{
    public static TBuilder StudioScoped<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new StudioScopedAttribute()).RequireAuthorization();

    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresPermissionAttribute(permission));
}
