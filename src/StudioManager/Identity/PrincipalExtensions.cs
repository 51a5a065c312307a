using System.Security.Claims;

namespace StudioManager.Identity;

public static class PrincipalExtensions
{
    /// <summary>The signed-in staff user's id (master users.id), or null for an anonymous caller.</summary>
    public static int? UserId(this ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
