using StudioManager.Infrastructure.Errors;

namespace StudioManager.Platform.Tenancy;

/// <summary>Endpoint metadata: the route carries {studio}; the caller must be a member (404 otherwise).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class StudioScopedAttribute : Attribute, IAnswersErrorStatus
{
    public int Status => StatusCodes.Status404NotFound;
}

/// <summary>The permission a studio use case (service method), endpoint or page needs. Nothing in a studio is allowed
/// without it or an explicit [AnyMember]: the tests walk every use case, endpoint and page for one of them.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RequiresPermissionAttribute(Permission permission) : Attribute, IAnswersErrorStatus
{
    public Permission Permission { get; } = permission;
    public int Status => StatusCodes.Status403Forbidden;
}

/// <summary>The explicit marker of a studio use case, endpoint or page open to every member of the studio.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AnyMemberAttribute : Attribute;

/// <summary>A public method of a studio service that is not a use case of a member: something else is its credential
/// (an invitation token, …). The reason says what.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class WithoutMembershipAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}

public static class StudioScopeExtensions
{
    public static TBuilder StudioScoped<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new StudioScopedAttribute()).RequireAuthorization();

    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresPermissionAttribute(permission));

    public static TBuilder AllowAnyMember<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AnyMemberAttribute());
}
