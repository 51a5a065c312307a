using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Projects;

public static class ShareEndpoints
{
    public static void MapShareEndpoints(this IEndpointRouteBuilder app)
    {
        var studio = app.MapGroup("/api/studios/{studio}").StudioScoped()
            .WithTag("Shares", "Public links to a track version or a project: expiry, optional password, view limit, download or streaming only; revocable.");
        studio.MapGet("/shares", List).RequirePermission(Permission.ViewProjects).WithName("ListShares");
        studio.MapPost("/shares", Create).RequirePermission(Permission.ManageProjects).WithName("CreateShare");
        studio.MapDelete("/shares/{shareId:int}", Revoke).RequirePermission(Permission.ManageProjects).WithName("RevokeShare");

        // The public player's audio: no account, the link's token and the ticket its page gave. Not part of the API.
        app.MapGet("/share/{token}/audio/{revisionId:int}", Audio).ExcludeFromDescription();
    }

    /// <summary>The studio's share links (of one track or project when given), newest first.</summary>
    public static async Task<Ok<List<ShareDto>>> List([FromQuery(Name = "trackId")] int? trackId, [FromQuery(Name = "projectId")] int? projectId,
        ShareService shares, CancellationToken ct) => TypedResults.Ok(await shares.ListAsync(trackId, projectId, ct));

    /// <summary>Creates a share link; the answer's url carries the token, shown this once.</summary>
    public static async Task<Created<ShareDto>> Create(ShareInput input, ShareService shares, CurrentTenant tenant, CancellationToken ct)
    {
        var share = await shares.CreateAsync(input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/shares?trackId={share.TrackId}&projectId={share.ProjectId}", share);
    }

    /// <summary>Revokes a share link.</summary>
    public static async Task<NoContent> Revoke(int shareId, ShareService shares, CancellationToken ct)
    {
        await shares.RevokeAsync(shareId, ct);
        return TypedResults.NoContent();
    }

    /// <summary>A shared revision's audio, with Range support.</summary>
    public static async Task<Results<FileStreamHttpResult, NotFound, ProblemHttpResult>> Audio(string token, int revisionId, [FromQuery] string? ticket,
        PublicShares shares, CancellationToken ct, [FromQuery] bool download = false)
    {
        try
        {
            return ProjectEndpoints.AudioResult(await shares.AudioAsync(token, ticket, revisionId, download, ct), download);
        }
        catch (ShareUnavailableException) { return TypedResults.NotFound(); }
        catch (NotFoundException) { return TypedResults.NotFound(); }
        catch (ForbiddenException e) { return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status403Forbidden); }
    }
}
