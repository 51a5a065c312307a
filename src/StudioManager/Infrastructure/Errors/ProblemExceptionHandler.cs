using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace StudioManager.Infrastructure.Errors;

/// <summary>Turns domain exceptions and unreadable request bodies into RFC 9457 problem details.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        ProblemDetails? problem = exception switch
        {
            ValidationFailedException v => new HttpValidationProblemDetails(v.Errors)
            {
                Status = 400, Title = "One or more fields are invalid.", Detail = string.Join(" ", v.Errors.SelectMany(e => e.Value)),
            },
            BadHttpRequestException { InnerException: JsonException j } => new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [FieldOf(j.Path)] = [$"The value is not valid here: {j.Message.Split(". Path:")[0]}."] })
            {
                Status = 400, Title = "The request body could not be read.",
            },
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = "Bad request.", Detail = b.Message },
            SignInRequiredException s => new ProblemDetails { Status = 401, Title = "Sign-in required", Detail = s.Message },
            ForbiddenException f => new ProblemDetails { Status = 403, Title = "Forbidden", Detail = f.Message },
            NotFoundException n => new ProblemDetails { Status = 404, Title = "Not found", Detail = n.Message },
            ConflictException c => Conflict(c),
            PlanLimitException l => new ProblemDetails
            {
                Status = 402, Title = "Plan limit reached", Detail = l.Message,
                Extensions = { ["limit"] = l.Limit, ["plan"] = l.Plan, ["current"] = l.Current, ["max"] = l.Max },
            },
            _ when IsServerBusy(exception) => new ProblemDetails
            {
                Status = 503, Title = "Busy", Detail = "The database server is busy; try again in a moment.",
            },
            _ => null,
        };
        if (problem is null) return false;

        http.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == 503) http.Response.Headers.RetryAfter = ServerBusyException.RetryAfterSeconds.ToString();
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Conflict(ConflictException c)
    {
        var p = c.Errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(c.Errors);
        (p.Status, p.Title, p.Detail) = (409, "Conflict", c.Message);
        if (c.Details is not null) p.Extensions["conflicts"] = c.Details;
        return p;
    }

    /// <summary>No connection came free in time: the tenant budget's own wait, or the master pool's (Npgsql reports an
    /// exhausted pool as an NpgsqlException caused by a TimeoutException), wherever EF wrapped it.</summary>
    private static bool IsServerBusy(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is ServerBusyException || e is NpgsqlException { InnerException: TimeoutException }) return true;
        return false;
    }

    /// <summary>"$.items[0].quantity" → "items[0].quantity"; "$" → "body".</summary>
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.") ? path[2..] : path;
}
