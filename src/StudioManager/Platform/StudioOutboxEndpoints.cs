using Microsoft.AspNetCore.Http.HttpResults;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Email;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Platform;

/// <summary>The studio's outgoing mail.</summary>
public static class StudioOutboxEndpoints
{
    public static void MapStudioOutboxEndpoints(this IEndpointRouteBuilder app)
    {
        var outbox = app.MapGroup("/api/studios/{studio}/outbox").StudioScoped().RequirePermission(Permission.ViewOutbox)
            .WithTag("Mail", "The studio's outgoing mail (pending, sent, failed), for owners and admins.");
        outbox.MapGet("", List).WithName("ListOutbox");
        outbox.MapPost("/{id:long}/retry", Retry).WithName("RetryOutboxMessage").ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Lists the studio's outgoing mail, newest first.</summary>
    /// <remarks>?status=pending|sending|sent|failed filters; without it, every message.</remarks>
    public static async Task<Ok<ListPage<OutboxMessageDto>>> List(StudioOutbox outbox, [ClosedSet(typeof(OutboxStatus))] string? status,
        int? page, int? pageSize, CancellationToken ct)
    {
        return TypedResults.Ok(await outbox.ListAsync(Validation.ParseEnum<OutboxStatus>("status", status), Paging.Of(page, pageSize), ct));
    }

    /// <summary>Sends a failed message again.</summary>
    /// <remarks>The message is pending again; the list shows how it goes.</remarks>
    public static async Task<NoContent> Retry(long id, StudioOutbox outbox, CancellationToken ct)
    {
        await outbox.RetryAsync(id, ct);
        return TypedResults.NoContent();
    }
}
