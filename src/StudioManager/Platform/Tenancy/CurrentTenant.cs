using System.Runtime.CompilerServices;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;

namespace StudioManager.Platform.Tenancy;

/// <summary>The studio resolved for this request (scoped). Empty until TenantResolutionMiddleware fills it.</summary>
public sealed class CurrentTenant(TenantConnection connection)
{
    private ResolvedStudio? _studio;

    public ResolvedStudio Studio => _studio ?? throw new InvalidOperationException("No studio was resolved for this request.");
    public bool IsResolved => _studio is not null;

    public int UserId { get; private set; }
    public string UserName { get; private set; } = "";
    public StudioRole Role { get; private set; }

    /// <summary>Enters the studio as this member: takes a connection to its database from the node's budget (waiting at
    /// most Database:ConnectionWaitSeconds, then ServerBusyException: 503) for the rest of the scope.</summary>
    public async Task EnterAsync(ResolvedStudio studio, int userId, string userName, StudioRole role, CancellationToken ct = default)
    {
        if (_studio is not null && _studio.OrganizationId != studio.OrganizationId)
            throw new InvalidOperationException("A scope serves one studio only.");
        await connection.OpenAsync(studio.Provider, studio.Server, studio.DatabaseName, ct);
        _studio = studio;
        UserId = userId;
        UserName = userName;
        Role = role;
    }

    public bool Can(Permission permission) => IsResolved && Role.Can(permission);

    /// <summary>The check every studio use case runs first, whoever calls it (API, page, interactive component, job,
    /// assistant): the permission its method declares must be granted to the member's role. A method that declares
    /// nothing is refused. Call as <c>tenant.Authorize(this)</c>: the method is found by its name.</summary>
    public void Authorize(object service, [CallerMemberName] string method = "")
    {
        var declared = UseCasePermissions.Of(service.GetType(), method);
        if (!IsResolved) throw new InvalidOperationException($"{service.GetType().Name}.{method} runs in a studio, and none was entered.");
        if (declared.Permission is { } permission && !Role.Can(permission))
            throw new ForbiddenException($"Your role ({Role.ToString().ToLowerInvariant()}) does not allow this: {permission.Describe()}.");
    }

    /// <summary>Acts in a studio outside an HTTP request (demo seed, CLI, background work) as TenantResolutionMiddleware
    /// would: the studio is looked up by slug and the user must be a member; their role applies.</summary>
    public async Task EnterAsync(StudioDirectory directory, string slug, int userId, string userName, CancellationToken ct = default)
    {
        var studio = await directory.FindAsync(slug, ct) ?? throw new InvalidOperationException($"There is no studio '{slug}'.");
        var role = await directory.RoleOfAsync(studio.OrganizationId, userId, ct)
                   ?? throw new InvalidOperationException($"User {userId} is not a member of studio '{slug}'.");
        await EnterAsync(studio, userId, userName, role, ct);
    }
}

/// <summary>What the request needs of a studio, cached briefly by slug.</summary>
public sealed record ResolvedStudio(int OrganizationId, string Slug, string Name, string TimeZone, string Currency,
    DatabaseProvider Provider, string Server, string DatabaseName, TenantDatabaseStatus Status);
