using StudioManager.Platform;

namespace StudioManager.Tests.Unit;

/// <summary>The grant table against PRODUCT.md §1, role by role, permission by permission.</summary>
public sealed class PermissionsTests
{
    private static readonly Dictionary<StudioRole, Permission[]> Expected = new()
    {
        [StudioRole.Owner] = Enum.GetValues<Permission>(),
        [StudioRole.Admin] =
        [
            Permission.ViewClients, Permission.ManageClients, Permission.ViewMembers, Permission.ManageMembers, Permission.ViewSettings,
            Permission.ManageSettings, Permission.ManageRooms, Permission.ViewSchedule, Permission.BookSessions, Permission.ViewMoney,
            Permission.ManageMoney, Permission.ViewOutbox, Permission.ViewProjects, Permission.ManageProjects,
        ],
        [StudioRole.Engineer] =
        [
            Permission.ViewClients, Permission.ManageClients, Permission.ViewMembers, Permission.ViewSettings, Permission.ViewSchedule,
            Permission.BookSessions, Permission.ViewProjects, Permission.ManageProjects,
        ],
        [StudioRole.Accountant] =
        [
            Permission.ViewClients, Permission.ManageClients, Permission.ViewMembers, Permission.ViewSettings, Permission.ViewMoney,
            Permission.ManageMoney, Permission.ViewSchedule, Permission.ViewProjects,
        ],
    };

    public static TheoryData<StudioRole, Permission> Pairs()
    {
        var data = new TheoryData<StudioRole, Permission>();
        foreach (var role in Enum.GetValues<StudioRole>())
            foreach (var permission in Enum.GetValues<Permission>())
                data.Add(role, permission);
        return data;
    }

    [Theory, MemberData(nameof(Pairs))]
    public void ShouldGrantExactlyTheTable(StudioRole role, Permission permission) =>
        Assert.Equal(Expected[role].Contains(permission), role.Can(permission));

    [Fact]
    public void ShouldNeverShowMoneyToEngineers()
    {
        Assert.False(StudioRole.Engineer.Can(Permission.ViewMoney));
        Assert.False(StudioRole.Engineer.Can(Permission.ManageMoney));
    }

    [Fact]
    public void ShouldNeverLetAccountantsManageRoomsMembersOrSettings()
    {
        Assert.False(StudioRole.Accountant.Can(Permission.ManageRooms));
        Assert.False(StudioRole.Accountant.Can(Permission.ManageMembers));
        Assert.False(StudioRole.Accountant.Can(Permission.ManageSettings));
    }

    [Theory]
    [InlineData(Permission.ManagePlan)]
    [InlineData(Permission.TransferOwnership)]
    [InlineData(Permission.DeleteStudio)]
    public void ShouldKeepPlanOwnershipAndDeletionToOwners(Permission permission) =>
        Assert.Equal([StudioRole.Owner], Enum.GetValues<StudioRole>().Where(r => r.Can(permission)));

    [Theory]
    [InlineData(Permission.ManageClients, "manage clients")]
    [InlineData(Permission.ViewMoney, "view money")]
    public void ShouldDescribeAPermissionInWords(Permission permission, string words) => Assert.Equal(words, permission.Describe());
}
