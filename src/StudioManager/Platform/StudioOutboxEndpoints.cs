using Microsoft.AspNetCore.Http.HttpResults;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Email;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Tenancy;

namespace StudioManager.Platform;

/// <summary>The studio's outgoing mail.</summary>
public static class StudioOutboxEndpoints
{
    public static void MapStudioOutboxEndpoints(this IEndpointRouteBuilder app)
    {
        var outbox = app.MapGroup("/api/studios/{studio}/outbox").StudioScoped().WithTags("Mail").RequirePermission(Permission.ViewOutbox);
        outbox.MapGet("", List);
        outbox.MapPost("/{id:long}/retry", Retry);
    }

    /// <summary>?status=pending|sending|sent|failed filters; without it, every message, newest first.</summary>
    public static async Task<Ok<ListPage<OutboxMessageDto>>> List(StudioOutbox outbox, string? status, int? page, int? pageSize, CancellationToken ct)
    {
        OutboxStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
            filter = Enum.TryParse<OutboxStatus>(status, ignoreCase: true, out var parsed) && !int.TryParse(status, out _)
                ? parsed
                : throw new ValidationFailedException("status", "Status is pending, sending, sent or failed.");
        return TypedResults.Ok(await outbox.ListAsync(filter, page, pageSize, ct));
    }

    /// <summary>The message is pending again; the list shows how it goes.</summary>
    public static async Task<NoContent> Retry(long id, StudioOutbox outbox, CancellationToken ct)
    {
        await outbox.RetryAsync(id, ct);
        return TypedResults.NoContent();
    }
}
