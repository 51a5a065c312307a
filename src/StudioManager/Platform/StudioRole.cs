namespace StudioManager.Platform;

public enum StudioRole { Owner, Admin, Engineer, Accountant }

/// <summary>What a role may do in a studio. The one place where roles map to rights; endpoints declare
/// the permission they need (RequirePermission) and pages/services ask Can().</summary>
public enum Permission
{
    ViewClients,
    ManageClients,
    ViewMembers,
    ManageMembers,
    ViewSettings,
    ManageSettings,
    ViewMoney,
    ManageMoney,
    ManagePlan,
    DeleteStudio,
    /// <summary>See the studio's outgoing mail (pending, sent, failed) and retry failed messages.</summary>
    ViewOutbox,
}

public static class Permissions
{
    private static readonly Dictionary<StudioRole, HashSet<Permission>> Grants = new()
    {
        [StudioRole.Owner] = [.. Enum.GetValues<Permission>()],
        [StudioRole.Admin] = [Permission.ViewClients, Permission.ManageClients, Permission.ViewMembers, Permission.ManageMembers,
                              Permission.ViewSettings, Permission.ManageSettings, Permission.ViewMoney, Permission.ManageMoney,
                              // Admins send the invitations; the outbox shows nothing they cannot see otherwise.
                              Permission.ViewOutbox],
        // Engineers do not see money.
        [StudioRole.Engineer] = [Permission.ViewClients, Permission.ManageClients, Permission.ViewMembers, Permission.ViewSettings],
        // Accountants do not manage rooms, members or settings.
        [StudioRole.Accountant] = [Permission.ViewClients, Permission.ManageClients, Permission.ViewMembers, Permission.ViewSettings,
                                   Permission.ViewMoney, Permission.ManageMoney],
    };

    public static bool Can(this StudioRole role, Permission permission) => Grants[role].Contains(permission);
}
