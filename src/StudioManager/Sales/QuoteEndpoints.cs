using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Sales;

public static class QuoteEndpoints
{
    public static void MapQuoteEndpoints(this IEndpointRouteBuilder app)
    {
        var quotes = app.MapGroup("/api/studios/{studio}").StudioScoped()
            .WithTag("Quotes", "Quotes (numbered Q-YYYY-NNNN when created; draft, sent, accepted, rejected, expired, cancelled), their PDF and email, and their conversion into an invoice or a project.");
        quotes.MapGet("/quotes", List).RequirePermission(Permission.ViewMoney).WithName("ListQuotes");
        quotes.MapPost("/quotes", Create).RequirePermission(Permission.ManageMoney).WithName("CreateQuote");
        quotes.MapGet("/quotes/{id:int}", Get).RequirePermission(Permission.ViewMoney).WithName("GetQuote");
        quotes.MapPatch("/quotes/{id:int}", Update).RequirePermission(Permission.ManageMoney).WithName("UpdateQuote")
            .ProducesProblem(StatusCodes.Status409Conflict);
        quotes.MapPost("/quotes/{id:int}/send", Send).RequirePermission(Permission.ManageMoney).WithName("SendQuote")
            .ProducesProblem(StatusCodes.Status409Conflict);
        quotes.MapPost("/quotes/{id:int}/accept", Accept).RequirePermission(Permission.ManageMoney).WithName("AcceptQuote")
            .ProducesProblem(StatusCodes.Status409Conflict);
        quotes.MapPost("/quotes/{id:int}/reject", Reject).RequirePermission(Permission.ManageMoney).WithName("RejectQuote")
            .ProducesProblem(StatusCodes.Status409Conflict);
        quotes.MapPost("/quotes/{id:int}/cancel", Cancel).RequirePermission(Permission.ManageMoney).WithName("CancelQuote")
            .ProducesProblem(StatusCodes.Status409Conflict);
        quotes.MapPost("/quotes/{id:int}/convert", Convert).RequirePermission(Permission.ManageMoney).WithName("ConvertQuote")
            .ProducesProblem(StatusCodes.Status409Conflict);
        quotes.MapGet("/quotes/{id:int}/pdf", Pdf).RequirePermission(Permission.ViewMoney).WithName("GetQuotePdf")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/pdf");
    }

    /// <summary>The list's query string: status (expired is derived), clientId, q (number), page, pageSize.</summary>
    public sealed record ListParameters(
        [FromQuery(Name = "status"), ClosedSet(typeof(QuoteStatus))] string? Status,
        [FromQuery(Name = "clientId")] int? ClientId, [FromQuery(Name = "q")] string? Q,
        [FromQuery(Name = "page")] int? Page, [FromQuery(Name = "pageSize")] int? PageSize)
    {
        public QuoteQuery ToQuery() => new(Status, ClientId, Q, Page, PageSize);
    }

    /// <summary>Lists quotes, newest first: by status, client, number.</summary>
    public static async Task<Ok<ListPage<QuoteDto>>> List([AsParameters] ListParameters p, QuoteService quotes, CancellationToken ct) =>
        TypedResults.Ok(await quotes.ListAsync(p.ToQuery(), ct));

    /// <summary>Creates a draft quote with the next number of the year.</summary>
    public static async Task<Created<QuoteDto>> Create(QuoteInput input, QuoteService quotes, CurrentTenant tenant, CancellationToken ct)
    {
        var quote = await quotes.CreateAsync(input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/quotes/{quote.Id}", quote);
    }

    /// <summary>Reads a quote with its lines and totals per tax rate.</summary>
    public static async Task<Ok<QuoteDto>> Get(int id, QuoteService quotes, CancellationToken ct) =>
        TypedResults.Ok(await quotes.GetAsync(id, ct));

    /// <summary>Changes a draft (409 once sent); items replace all the lines.</summary>
    public static async Task<Ok<QuoteDto>> Update(int id, QuoteInput patch, QuoteService quotes, CancellationToken ct) =>
        TypedResults.Ok(await quotes.UpdateAsync(id, patch, ct));

    /// <summary>Sends the quote by email with its PDF attached (a draft becomes sent); 202 once the mail is recorded.</summary>
    public static async Task<Accepted<DocumentSent>> Send(int id, [FromBody] SendQuoteInput? input, QuoteDocuments documents, CancellationToken ct) =>
        TypedResults.Accepted((string?)null, await documents.SendAsync(id, input ?? new SendQuoteInput(), ct));

    /// <summary>Records the client's acceptance of a sent quote that has not expired.</summary>
    public static async Task<Ok<QuoteDto>> Accept(int id, QuoteService quotes, CancellationToken ct) =>
        TypedResults.Ok(await quotes.AcceptAsync(id, ct));

    /// <summary>Records the client's refusal of a sent quote.</summary>
    public static async Task<Ok<QuoteDto>> Reject(int id, QuoteService quotes, CancellationToken ct) =>
        TypedResults.Ok(await quotes.RejectAsync(id, ct));

    /// <summary>Cancels a draft, sent or expired quote (it keeps its number).</summary>
    public static async Task<Ok<QuoteDto>> Cancel(int id, QuoteService quotes, CancellationToken ct) =>
        TypedResults.Ok(await quotes.CancelAsync(id, ct));

    /// <summary>Converts an accepted quote into a draft invoice or a project, once each (409 the second time).</summary>
    public static async Task<Ok<QuoteDto>> Convert(int id, ConvertQuoteInput input, QuoteService quotes, CancellationToken ct) =>
        TypedResults.Ok(await quotes.ConvertAsync(id, input, ct));

    /// <summary>The quote as a PDF.</summary>
    public static async Task<FileContentHttpResult> Pdf(int id, QuoteDocuments documents, CancellationToken ct)
    {
        var pdf = await documents.PdfAsync(id, ct);
        return TypedResults.File(pdf.Content, "application/pdf", pdf.FileName);
    }
}
