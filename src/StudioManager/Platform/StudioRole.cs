namespace StudioManager.Platform;

public enum StudioRole { Owner, Admin, Engineer, Accountant }

/// <summary>What a member may do in a studio. Every studio use case declares the one it needs
/// ([RequiresPermission] on the service method, or [AnyMember]); endpoints and pages declare theirs too, to answer
/// early.</summary>
public enum Permission
{
    ViewClients,
    ManageClients,
    ViewMembers,
    ManageMembers,
    ViewSettings,
    ManageSettings,
    /// <summary>Rooms and equipment: their set-up and rates.</summary>
    ManageRooms,
    /// <summary>See rooms, equipment and the sessions calendar.</summary>
    ViewSchedule,
    /// <summary>Book, move and run sessions (their lifecycle); be assigned to one as its engineer.</summary>
    BookSessions,
    /// <summary>Quotes, invoices, payments, expenses, reports, rates.</summary>
    ViewMoney,
    ManageMoney,
    ManagePlan,
    /// <summary>Granting or taking away the owner role (an owner invites an owner, or hands the studio over).</summary>
    TransferOwnership,
    DeleteStudio,
    /// <summary>See the studio's outgoing mail (pending, sent, failed) and retry failed messages.</summary>
    ViewOutbox,
    /// <summary>Projects, tracks, their audio, comments and credits, the musicians' catalogue.</summary>
    ViewProjects,
    /// <summary>Create and change projects and tracks, upload audio, comment, credit, share links.</summary>
    ManageProjects,
}

/// <summary>The grant table: the one place where roles map to permissions (PRODUCT.md §1).</summary>
public static class Permissions
{
    private static readonly Permission[] OwnerOnly = [Permission.ManagePlan, Permission.TransferOwnership, Permission.DeleteStudio];

    private static readonly Dictionary<StudioRole, HashSet<Permission>> Grants = new()
    {
        [StudioRole.Owner] = [.. Enum.GetValues<Permission>()],
        // Admins run the studio with the owner (the outbox included: they send the invitations), but its plan,
        // ownership and existence stay the owner's.
        [StudioRole.Admin] = [.. Enum.GetValues<Permission>().Except(OwnerOnly)],
        // Engineers book and run sessions, upload mixes and answer comments: they do not see money nor set up rooms.
        [StudioRole.Engineer] = [Permission.ViewClients, Permission.ManageClients, Permission.ViewMembers, Permission.ViewSettings,
                                 Permission.ViewSchedule, Permission.BookSessions, Permission.ViewProjects, Permission.ManageProjects],
        // Accountants do not manage rooms, members or settings.
        // They see the calendar (sessions become invoices) but do not book.
        [StudioRole.Accountant] = [Permission.ViewClients, Permission.ManageClients, Permission.ViewMembers, Permission.ViewSettings,
                                   Permission.ViewMoney, Permission.ManageMoney, Permission.ViewSchedule, Permission.ViewProjects],
    };

    public static bool Can(this StudioRole role, Permission permission) => Grants[role].Contains(permission);

    /// <summary>"ManageClients" → "manage clients", for refusal messages.</summary>
    public static string Describe(this Permission permission) =>
        string.Concat(permission.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
