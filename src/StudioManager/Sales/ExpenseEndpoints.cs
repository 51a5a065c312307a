using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Sales;

public static class ExpenseEndpoints
{
    public static void MapExpenseEndpoints(this IEndpointRouteBuilder app)
    {
        var expenses = app.MapGroup("/api/studios/{studio}").StudioScoped()
            .WithTag("Expenses", "What the studio spends, by category, with an optional receipt (PDF or image) in the file storage.");
        expenses.MapGet("/expenses", List).RequirePermission(Permission.ViewMoney).WithName("ListExpenses");
        expenses.MapPost("/expenses", Create).RequirePermission(Permission.ManageMoney).WithName("CreateExpense");
        expenses.MapGet("/expenses/{id:int}", Get).RequirePermission(Permission.ViewMoney).WithName("GetExpense");
        expenses.MapPatch("/expenses/{id:int}", Update).RequirePermission(Permission.ManageMoney).WithName("UpdateExpense");
        expenses.MapDelete("/expenses/{id:int}", Delete).RequirePermission(Permission.ManageMoney).WithName("DeleteExpense");
        // Streamed like the audio uploads: see MultipartFile (antiforgery of cookie callers by header, UseCookieAntiforgery).
        expenses.MapPut("/expenses/{id:int}/receipt", AttachReceipt).RequirePermission(Permission.ManageMoney).WithName("AttachExpenseReceipt")
            .DisableAntiforgery().Accepts<ReceiptUpload>("multipart/form-data").ProducesProblem(StatusCodes.Status409Conflict);
        expenses.MapGet("/expenses/{id:int}/receipt", Receipt).RequirePermission(Permission.ViewMoney).WithName("GetExpenseReceipt")
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf", "image/jpeg", "image/png", "image/webp");
        expenses.MapDelete("/expenses/{id:int}/receipt", RemoveReceipt).RequirePermission(Permission.ManageMoney).WithName("RemoveExpenseReceipt");
    }

    /// <summary>The receipt's multipart body (for the document: the handler reads the stream itself).</summary>
    public sealed class ReceiptUpload
    {
        /// <summary>The receipt: PDF, JPEG, PNG or WebP, at most 20 MB.</summary>
        public required IFormFile File { get; set; }
    }

    /// <summary>The list's query string: category, status, from and to (dates, inclusive), q (vendor), page, pageSize.</summary>
    public sealed record ListParameters(
        [FromQuery(Name = "category"), ClosedSet(typeof(ExpenseCategory))] string? Category,
        [FromQuery(Name = "status"), ClosedSet(typeof(ExpenseStatus))] string? Status,
        [FromQuery(Name = "from")] DateOnly? From, [FromQuery(Name = "to")] DateOnly? To, [FromQuery(Name = "q")] string? Q,
        [FromQuery(Name = "page")] int? Page, [FromQuery(Name = "pageSize")] int? PageSize)
    {
        public ExpenseQuery ToQuery() => new(Category, Status, From, To, Q, Page, PageSize);
    }

    /// <summary>Lists expenses, latest date first: by category, status, date range, vendor.</summary>
    public static async Task<Ok<ListPage<ExpenseDto>>> List([AsParameters] ListParameters p, ExpenseService expenses, CancellationToken ct) =>
        TypedResults.Ok(await expenses.ListAsync(p.ToQuery(), ct));

    /// <summary>Records an expense (currency: the studio's unless given; date: today; status: pending).</summary>
    public static async Task<Created<ExpenseDto>> Create(ExpenseInput input, ExpenseService expenses, CurrentTenant tenant, CancellationToken ct)
    {
        var expense = await expenses.CreateAsync(input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/expenses/{expense.Id}", expense);
    }

    /// <summary>Reads an expense.</summary>
    public static async Task<Ok<ExpenseDto>> Get(int id, ExpenseService expenses, CancellationToken ct) =>
        TypedResults.Ok(await expenses.GetAsync(id, ct));

    /// <summary>Changes the fields sent (null or blank clears an optional one).</summary>
    public static async Task<Ok<ExpenseDto>> Update(int id, ExpenseInput patch, ExpenseService expenses, CancellationToken ct) =>
        TypedResults.Ok(await expenses.UpdateAsync(id, patch, ct));

    /// <summary>Deletes an expense with its receipt.</summary>
    public static async Task<NoContent> Delete(int id, ExpenseService expenses, CancellationToken ct)
    {
        await expenses.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Attaches a receipt, replacing any.</summary>
    /// <remarks>multipart/form-data with the file in the field "file" (up to 20 MB), streamed to storage. The type is
    /// judged from the content (PDF, JPEG, PNG, WebP); anything else is refused with 400 and nothing is kept.</remarks>
    public static async Task<Ok<ExpenseDto>> AttachReceipt(int id, HttpRequest request, ExpenseService expenses, CancellationToken ct)
    {
        var section = await MultipartFile.ReadAsync(request, ExpenseService.MaxReceiptBytes, "the receipt", ct);
        return TypedResults.Ok(await expenses.AttachReceiptAsync(id, section?.Body, section?.FileName, ct));
    }

    /// <summary>Downloads the receipt (404 when there is none).</summary>
    public static async Task<FileStreamHttpResult> Receipt(int id, ExpenseService expenses, CancellationToken ct)
    {
        var receipt = await expenses.OpenReceiptAsync(id, ct);
        return TypedResults.Stream(receipt.Content, receipt.ContentType, receipt.FileName);
    }

    /// <summary>Removes the receipt.</summary>
    public static async Task<Ok<ExpenseDto>> RemoveReceipt(int id, ExpenseService expenses, CancellationToken ct) =>
        TypedResults.Ok(await expenses.RemoveReceiptAsync(id, ct));
}
