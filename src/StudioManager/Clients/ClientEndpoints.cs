using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Clients;

public static class ClientEndpoints
{
    public static void MapClientEndpoints(this IEndpointRouteBuilder app)
    {
        var studio = app.MapGroup("/api/studios/{studio}").StudioScoped()
            .WithTag("Clients", "The studio's clients (artists, bands, labels) and the notes on each; CSV and vCard import and export.");

        studio.MapGet("/clients", List).RequirePermission(Permission.ViewClients).WithName("ListClients");
        studio.MapPost("/clients", Create).RequirePermission(Permission.ManageClients).WithName("CreateClient")
            .ProducesProblem(StatusCodes.Status402PaymentRequired).ProducesProblem(StatusCodes.Status409Conflict);
        studio.MapGet("/clients/export", Export).RequirePermission(Permission.ViewClients).WithName("ExportClients")
            .Produces<string>(StatusCodes.Status200OK, "text/csv", "text/vcard");
        // No endpoint-level antiforgery, which would refuse bearer callers; with the cookie, UseCookieAntiforgery checks it.
        studio.MapPost("/clients/import", Import).RequirePermission(Permission.ManageClients).DisableAntiforgery().WithName("ImportClients")
            .ProducesProblem(StatusCodes.Status402PaymentRequired).ProducesProblem(StatusCodes.Status409Conflict);
        studio.MapGet("/clients/{id:int}", Get).RequirePermission(Permission.ViewClients).WithName("GetClient");
        studio.MapPatch("/clients/{id:int}", Update).RequirePermission(Permission.ManageClients).WithName("UpdateClient")
            .ProducesProblem(StatusCodes.Status409Conflict);
        studio.MapDelete("/clients/{id:int}", Delete).RequirePermission(Permission.ManageClients).WithName("DeleteClient");

        studio.MapGet("/clients/{id:int}/notes", ListNotes).RequirePermission(Permission.ViewClients).WithName("ListClientNotes");
        studio.MapPost("/clients/{id:int}/notes", AddNote).RequirePermission(Permission.ManageClients).WithName("AddClientNote")
            .ProducesProblem(StatusCodes.Status409Conflict);
        studio.MapPatch("/clients/{id:int}/notes/{noteId:int}", EditNote).RequirePermission(Permission.ManageClients).WithName("EditClientNote");
        studio.MapDelete("/clients/{id:int}/notes/{noteId:int}", DeleteNote).RequirePermission(Permission.ManageClients).WithName("DeleteClientNote");
    }

    /// <summary>The list's query string: q, status (active | archived), vip, sort, page, pageSize.</summary>
    // Named for the document: the query string is matched case-insensitively either way.
    public sealed record ListParameters(
        [FromQuery(Name = "q")] string? Q, [FromQuery(Name = "status"), ClosedSet("all", "active", "archived")] string? Status, [FromQuery(Name = "vip")] bool? Vip,
        [FromQuery(Name = "sort")] string? Sort, [FromQuery(Name = "page")] int? Page, [FromQuery(Name = "pageSize")] int? PageSize)
    {
        public ClientQuery ToQuery() => new(Q, Status, Vip, Sort, Page, PageSize);
    }

    /// <summary>Lists the studio's clients: search, filters, sort, paging.</summary>
    public static async Task<Ok<ListPage<ClientDto>>> List([AsParameters] ListParameters p, ClientService clients, CancellationToken ct) =>
        TypedResults.Ok(await clients.ListAsync(p.ToQuery(), ct));

    /// <summary>Creates a client; absent fields take their defaults.</summary>
    public static async Task<Created<ClientDto>> Create(ClientInput input, ClientService clients, CurrentTenant tenant, CancellationToken ct)
    {
        var client = await clients.CreateAsync(input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/clients/{client.Id}", client);
    }

    /// <summary>Reads a client.</summary>
    public static async Task<Ok<ClientDto>> Get(int id, ClientService clients, CancellationToken ct) =>
        TypedResults.Ok(await clients.GetAsync(id, ct));

    /// <summary>Changes the fields sent (a null clears one).</summary>
    public static async Task<Ok<ClientDto>> Update(int id, ClientInput patch, ClientService clients, CancellationToken ct) =>
        TypedResults.Ok(await clients.UpdateAsync(id, patch, ct));

    /// <summary>Deletes a client and its notes.</summary>
    public static async Task<NoContent> Delete(int id, ClientService clients, CancellationToken ct)
    {
        await clients.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Imports clients from a CSV or vCard file.</summary>
    /// <remarks>Multipart upload (field "file"), CSV or vCard. 200 with the report when inserted (or, with dryRun,
    /// when it would be); when any row is rejected nothing is inserted and the answer is 400 problem details with
    /// the issues as errors ("lines[4].email") and the whole report under "report".</remarks>
    public static async Task<Results<Ok<ImportReport>, ValidationProblem>> Import(
        IFormFile? file, ClientTransferService transfer, CancellationToken ct, [FromQuery] bool dryRun = false)
    {
        if (file is null) throw new ValidationFailedException("file", "Send the file as multipart/form-data in the field 'file'.");
        await using var stream = file.OpenReadStream();
        var report = await transfer.ImportAsync(stream, file.FileName, dryRun, ct);
        if (!report.Rejected) return TypedResults.Ok(report);
        var errors = report.Issues.GroupBy(i => $"lines[{i.Line}].{i.Field}").ToDictionary(g => g.Key, g => g.Select(i => i.Message).ToArray());
        return TypedResults.ValidationProblem(errors, title: $"{report.Issues.Select(i => i.Line).Distinct().Count()} of {report.Rows} rows were rejected; nothing was imported.",
            extensions: new Dictionary<string, object?> { ["report"] = report });
    }

    /// <summary>Exports the clients the list's filters select, as CSV or vCard.</summary>
    public static async Task<FileContentHttpResult> Export([AsParameters] ListParameters p, [ClosedSet(typeof(ClientFileFormat))] string? format,
        ClientTransferService transfer, CurrentTenant tenant, TimeProvider clock, CancellationToken ct)
    {
        var file = await transfer.ExportAsync(ClientTransferService.ParseFormat(format), p.ToQuery(), ct);
        return TypedResults.File(file.Content, file.ContentType, $"clients-{tenant.Studio.Slug}-{clock.GetUtcNow():yyyy-MM-dd}.{file.Extension}");
    }

    /// <summary>Lists a client's notes, newest first.</summary>
    public static async Task<Ok<List<ClientNoteDto>>> ListNotes(int id, ClientNoteService notes, CancellationToken ct) =>
        TypedResults.Ok(await notes.ListAsync(id, ct));

    /// <summary>Adds a note to a client.</summary>
    public static async Task<Created<ClientNoteDto>> AddNote(int id, ClientNoteInput input, ClientNoteService notes, CurrentTenant tenant, CancellationToken ct)
    {
        var note = await notes.AddAsync(id, input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/clients/{id}/notes/{note.Id}", note);
    }

    /// <summary>Changes a note's text.</summary>
    public static async Task<Ok<ClientNoteDto>> EditNote(int id, int noteId, ClientNoteInput input, ClientNoteService notes, CancellationToken ct) =>
        TypedResults.Ok(await notes.EditAsync(id, noteId, input, ct));

    /// <summary>Deletes a note.</summary>
    public static async Task<NoContent> DeleteNote(int id, int noteId, ClientNoteService notes, CancellationToken ct)
    {
        await notes.DeleteAsync(id, noteId, ct);
        return TypedResults.NoContent();
    }
}
