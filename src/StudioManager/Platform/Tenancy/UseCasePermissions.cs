using System.Collections.Concurrent;
using System.Reflection;
using StudioManager.Platform;

namespace StudioManager.Platform.Tenancy;

/// <summary>What a studio use case declares: a permission, or none needed beyond membership (AnyMember).</summary>
public sealed record UseCaseDeclaration(Permission? Permission);

/// <summary>Reads the declaration of a service method ([RequiresPermission] or [AnyMember]), once per method.</summary>
public static class UseCasePermissions
{
    private static readonly ConcurrentDictionary<(Type, string), UseCaseDeclaration> Cache = new();

    /// <summary>The declaration of the public method of this name; throws when it declares nothing (default-deny) or
    /// when overloads disagree.</summary>
    public static UseCaseDeclaration Of(Type service, string method) => Cache.GetOrAdd((service, method), key =>
    {
        var declarations = key.Item1.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name == key.Item2)
            .Select(Declared)
            .Distinct()
            .ToList();
        return declarations switch
        {
            [{ } one] => one,
            [] or [null] => throw new InvalidOperationException(
                $"{key.Item1.Name}.{key.Item2} declares no permission: add [RequiresPermission(…)] or [AnyMember]."),
            _ => throw new InvalidOperationException($"The overloads of {key.Item1.Name}.{key.Item2} declare different permissions."),
        };
    });

    /// <summary>The method's declaration, or null when it has none.</summary>
    public static UseCaseDeclaration? Declared(MethodInfo method) =>
        method.GetCustomAttribute<RequiresPermissionAttribute>() is { } required ? new UseCaseDeclaration(required.Permission)
        : method.IsDefined(typeof(AnyMemberAttribute)) ? new UseCaseDeclaration(null)
        : null;
}
