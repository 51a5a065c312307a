using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using StudioManager.Identity;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Platform;

public sealed record AcceptInvitationResponse(UserDto User, StudioRefDto Studio, StudioRole Role);

/// <summary>Studios, their settings and logo, members and invitations.</summary>
public static class PlatformEndpoints
{
    public static void MapPlatformEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/studios", CreateStudio).RequireAuthorization().WithTags("Studios");
        app.MapPost("/api/invitations/accept", AcceptInvitation).WithTags("Invitations")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var studio = app.MapGroup("/api/studios/{studio}").StudioScoped()
            .WithTag("Studios", "Studios (each with its own database), their settings and logo.");
        studio.MapGet("", GetSettings).RequirePermission(Permission.ViewSettings);
        studio.MapPatch("", UpdateSettings).RequirePermission(Permission.ManageSettings);
        studio.MapGet("/usage", GetUsage).RequirePermission(Permission.ViewSettings).WithName("GetStudioUsage");
        studio.MapGet("/logo", GetLogo).RequirePermission(Permission.ViewSettings)
            .Produces<Stream>(StatusCodes.Status200OK, "image/png", "image/jpeg", "image/webp", "image/svg+xml");
        // No endpoint-level antiforgery, which would refuse bearer callers; with the cookie, UseCookieAntiforgery checks it.
        studio.MapPut("/logo", PutLogo).RequirePermission(Permission.ManageSettings).DisableAntiforgery();
        studio.MapDelete("/logo", DeleteLogo).RequirePermission(Permission.ManageSettings);

        var members = studio.MapGroup("/members").WithTag("Members", "The studio's team and their roles.");
        members.MapGet("", ListMembers).RequirePermission(Permission.ViewMembers);
        members.MapPatch("/{userId:int}", ChangeRole).RequirePermission(Permission.ManageMembers).ProducesProblem(StatusCodes.Status409Conflict);
        members.MapDelete("/{userId:int}", RemoveMember).RequirePermission(Permission.ManageMembers).ProducesProblem(StatusCodes.Status409Conflict);
        members.MapDelete("/me", Leave).AllowAnyMember().ProducesProblem(StatusCodes.Status409Conflict);

        var invitations = studio.MapGroup("/invitations").RequirePermission(Permission.ManageMembers)
            .WithTag("Invitations", "Invitations to join a studio by email, and accepting them with the emailed token.");
        invitations.MapGet("", ListInvitations);
        invitations.MapPost("", Invite).ProducesProblem(StatusCodes.Status402PaymentRequired).ProducesProblem(StatusCodes.Status409Conflict);
        invitations.MapGet("/{id:int}", GetInvitation);
        invitations.MapDelete("/{id:int}", Revoke).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Creates another studio, owned by the signed-in user.</summary>
    public static async Task<Created<MyStudioDto>> CreateStudio(CreateStudioRequest request, ClaimsPrincipal principal, StudioCreation creation, CancellationToken ct)
    {
        var org = await creation.CreateForAsync(principal.UserId()!.Value, request, ct);
        return TypedResults.Created($"/api/studios/{org.Slug}", new MyStudioDto(org.Id, org.Slug, org.Name, "owner"));
    }

    /// <summary>Reads the studio's settings.</summary>
    public static async Task<Ok<StudioSettingsDto>> GetSettings(StudioSettings settings, CancellationToken ct) =>
        TypedResults.Ok(await settings.GetAsync(ct));

    /// <summary>Changes the studio's settings sent.</summary>
    public static async Task<Ok<StudioSettingsDto>> UpdateSettings(StudioSettingsPatch patch, StudioSettings settings, CancellationToken ct) =>
        TypedResults.Ok(await settings.UpdateAsync(patch, ct));

    /// <summary>The studio's plan, and its members and clients against the plan's limits.</summary>
    /// <remarks>A max of null is unlimited.</remarks>
    public static async Task<Ok<PlanUsage>> GetUsage(StudioSettings settings, CancellationToken ct) =>
        TypedResults.Ok(await settings.UsageAsync(ct));

    /// <summary>Downloads the studio's logo.</summary>
    public static async Task<PhysicalFileHttpResult> GetLogo(StudioSettings settings, HttpContext http, CancellationToken ct)
    {
        var logo = await settings.GetLogoAsync(ct);
        // An SVG may carry script: never let it run or be sniffed as something else.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-cache";
        return TypedResults.PhysicalFile(logo.Path, logo.ContentType, lastModified: File.GetLastWriteTimeUtc(logo.Path));
    }

    /// <summary>Uploads the studio's logo: PNG, JPEG, WebP or SVG, at most 2 MB, in the multipart field "file".</summary>
    public static async Task<Ok<StudioSettingsDto>> PutLogo(IFormFile? file, StudioSettings settings, CancellationToken ct)
    {
        if (file is null) throw new ValidationFailedException("file", "Send the image as the multipart field 'file'.");
        await using var stream = file.OpenReadStream();
        return TypedResults.Ok(await settings.SetLogoAsync(stream, file.Length, ct));
    }

    /// <summary>Removes the studio's logo.</summary>
    public static async Task<NoContent> DeleteLogo(StudioSettings settings, CancellationToken ct)
    {
        await settings.DeleteLogoAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>Lists the studio's members.</summary>
    public static async Task<Ok<ListPage<MemberDto>>> ListMembers(Members members, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await members.ListAsync(Paging.Of(page, pageSize), ct));

    /// <summary>Changes a member's role.</summary>
    public static async Task<Ok<MemberDto>> ChangeRole(int userId, ChangeRoleRequest request, Members members, CancellationToken ct) =>
        TypedResults.Ok(await members.ChangeRoleAsync(userId, request, ct));

    /// <summary>Removes a member from the studio; with one's own user id, leaves it.</summary>
    public static async Task<NoContent> RemoveMember(int userId, Members members, CancellationToken ct)
    {
        await members.RemoveAsync(userId, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The caller leaves the studio; the last owner cannot.</summary>
    public static async Task<NoContent> Leave(Members members, CancellationToken ct)
    {
        await members.LeaveAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>Lists the studio's invitations, newest first.</summary>
    /// <remarks>?status=pending|accepted|revoked|expired filters; without it, every invitation.</remarks>
    public static async Task<Ok<ListPage<InvitationDto>>> ListInvitations(Invitations invitations,
        [ClosedSet(typeof(InvitationStatus))] string? status, int? page, int? pageSize, CancellationToken ct)
    {
        return TypedResults.Ok(await invitations.ListAsync(Validation.ParseEnum<InvitationStatus>("status", status), Paging.Of(page, pageSize), ct));
    }

    /// <summary>Invites someone by email to join the studio with a role.</summary>
    public static async Task<Created<InvitationDto>> Invite(InviteRequest request, Invitations invitations, CurrentTenant tenant, CancellationToken ct)
    {
        var invitation = await invitations.InviteAsync(request, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/invitations/{invitation.Id}", invitation);
    }

    /// <summary>Reads an invitation.</summary>
    public static async Task<Ok<InvitationDto>> GetInvitation(int id, Invitations invitations, CancellationToken ct) =>
        TypedResults.Ok(await invitations.GetAsync(id, ct));

    /// <summary>Revokes a pending invitation.</summary>
    public static async Task<NoContent> Revoke(int id, Invitations invitations, CancellationToken ct)
    {
        await invitations.RevokeAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>For an address without an account, the token is the credential: creates the account and signs the
    /// browser in as it. An existing account accepts signed in as itself (cookie or bearer).</summary>
    public static async Task<Ok<AcceptInvitationResponse>> AcceptInvitation(AcceptInvitationRequest request, ClaimsPrincipal principal,
        Invitations invitations, LoginService login, CancellationToken ct)
    {
        var accepted = await invitations.AcceptAsync(request, principal.UserId(), ct);
        if (accepted.NewAccount) await login.SignInBrowserAsync(accepted.User);
        return TypedResults.Ok(new AcceptInvitationResponse(new UserDto(accepted.User.Id, accepted.User.Email!, accepted.User.Name),
            new StudioRefDto(accepted.Studio.Id, accepted.Studio.Slug, accepted.Studio.Name), accepted.Role));
    }
}
