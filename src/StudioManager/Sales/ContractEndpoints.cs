using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Sales;

public static class ContractEndpoints
{
    public static void MapContractEndpoints(this IEndpointRouteBuilder app)
    {
        var contracts = app.MapGroup("/api/studios/{studio}").StudioScoped()
            .WithTag("Contracts", "Contracts (numbered C-YYYY-NNNN at creation; draft → sent → signed → active → completed / terminated / expired, " +
                                  "cancelled), their PDF and email, the signature record.");
        contracts.MapGet("/contracts", List).RequirePermission(Permission.ViewMoney).WithName("ListContracts");
        contracts.MapPost("/contracts", Create).RequirePermission(Permission.ManageMoney).WithName("CreateContract");
        contracts.MapGet("/contracts/{id:int}", Get).RequirePermission(Permission.ViewMoney).WithName("GetContract");
        contracts.MapPatch("/contracts/{id:int}", Update).RequirePermission(Permission.ManageMoney).WithName("UpdateContract")
            .ProducesProblem(StatusCodes.Status409Conflict);
        contracts.MapPost("/contracts/{id:int}/send", Send).RequirePermission(Permission.ManageMoney).WithName("SendContract")
            .ProducesProblem(StatusCodes.Status409Conflict);
        contracts.MapPost("/contracts/{id:int}/sign", Sign).RequirePermission(Permission.ManageMoney).WithName("SignContract")
            .ProducesProblem(StatusCodes.Status409Conflict);
        contracts.MapPost("/contracts/{id:int}/activate", Activate).RequirePermission(Permission.ManageMoney).WithName("ActivateContract")
            .ProducesProblem(StatusCodes.Status409Conflict);
        contracts.MapPost("/contracts/{id:int}/complete", Complete).RequirePermission(Permission.ManageMoney).WithName("CompleteContract")
            .ProducesProblem(StatusCodes.Status409Conflict);
        contracts.MapPost("/contracts/{id:int}/terminate", Terminate).RequirePermission(Permission.ManageMoney).WithName("TerminateContract")
            .ProducesProblem(StatusCodes.Status409Conflict);
        contracts.MapPost("/contracts/{id:int}/expire", Expire).RequirePermission(Permission.ManageMoney).WithName("ExpireContract")
            .ProducesProblem(StatusCodes.Status409Conflict);
        contracts.MapPost("/contracts/{id:int}/cancel", Cancel).RequirePermission(Permission.ManageMoney).WithName("CancelContract")
            .ProducesProblem(StatusCodes.Status409Conflict);
        contracts.MapGet("/contracts/{id:int}/pdf", Pdf).RequirePermission(Permission.ViewMoney).WithName("GetContractPdf")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/pdf");

        var templates = app.MapGroup("/api/studios/{studio}").StudioScoped()
            .WithTag("Contract templates", "The studio's contract texts with merge fields ({{client.name}}, {{contract.value}}…), and their merge.");
        templates.MapGet("/contract-templates", ListTemplates).RequirePermission(Permission.ViewMoney).WithName("ListContractTemplates");
        templates.MapPost("/contract-templates", CreateTemplate).RequirePermission(Permission.ManageMoney).WithName("CreateContractTemplate")
            .ProducesProblem(StatusCodes.Status409Conflict);
        templates.MapGet("/contract-templates/{id:int}", GetTemplate).RequirePermission(Permission.ViewMoney).WithName("GetContractTemplate");
        templates.MapPatch("/contract-templates/{id:int}", UpdateTemplate).RequirePermission(Permission.ManageMoney).WithName("UpdateContractTemplate")
            .ProducesProblem(StatusCodes.Status409Conflict);
        templates.MapDelete("/contract-templates/{id:int}", DeleteTemplate).RequirePermission(Permission.ManageMoney).WithName("DeleteContractTemplate");
        templates.MapPost("/contract-templates/{id:int}/merge", MergeTemplate).RequirePermission(Permission.ViewMoney).WithName("MergeContractTemplate");
    }

    /// <summary>The list's query string: status, type, clientId, q (number or title), page, pageSize.</summary>
    public sealed record ListParameters(
        [FromQuery(Name = "status"), ClosedSet(typeof(ContractStatus))] string? Status,
        [FromQuery(Name = "type"), ClosedSet(typeof(ContractType))] string? Type,
        [FromQuery(Name = "clientId")] int? ClientId, [FromQuery(Name = "q")] string? Q,
        [FromQuery(Name = "page")] int? Page, [FromQuery(Name = "pageSize")] int? PageSize)
    {
        public ContractQuery ToQuery() => new(Status, ClientId, Type, Q, Page, PageSize);
    }

    /// <summary>Lists contracts, newest first: by status, type, client, number or title.</summary>
    public static async Task<Ok<ListPage<ContractDto>>> List([AsParameters] ListParameters p, ContractService contracts, CancellationToken ct) =>
        TypedResults.Ok(await contracts.ListAsync(p.ToQuery(), ct));

    /// <summary>Creates a draft with the next number of the year; terms as sent, or merged from templateId.</summary>
    public static async Task<Created<ContractDto>> Create(ContractInput input, ContractService contracts, CurrentTenant tenant, CancellationToken ct)
    {
        var contract = await contracts.CreateAsync(input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/contracts/{contract.Id}", contract);
    }

    /// <summary>Reads a contract with its terms and, once signed, its signature record.</summary>
    public static async Task<Ok<ContractDto>> Get(int id, ContractService contracts, CancellationToken ct) =>
        TypedResults.Ok(await contracts.GetAsync(id, ct));

    /// <summary>Changes a draft (409 once sent).</summary>
    public static async Task<Ok<ContractDto>> Update(int id, ContractInput patch, ContractService contracts, CancellationToken ct) =>
        TypedResults.Ok(await contracts.UpdateAsync(id, patch, ct));

    /// <summary>Emails the contract with its PDF attached (to the client, or to the address given) and marks it sent; 202 once recorded.</summary>
    public static async Task<Accepted<DocumentSent>> Send(int id, [FromBody] SendContractInput? input, ContractService contracts, CancellationToken ct) =>
        TypedResults.Accepted((string?)null, await contracts.SendAsync(id, input ?? new SendContractInput(), ct));

    /// <summary>Signs a sent contract: the signer's name, the time, the caller's IP address and the SHA-256 of the terms.</summary>
    public static async Task<Ok<ContractDto>> Sign(int id, SignContractInput input, ContractService contracts, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await contracts.SignAsync(id, input, http.Connection.RemoteIpAddress?.ToString(), ct));

    /// <summary>Starts a signed contract.</summary>
    public static async Task<Ok<ContractDto>> Activate(int id, ContractService contracts, CancellationToken ct) =>
        TypedResults.Ok(await contracts.ActivateAsync(id, ct));

    /// <summary>Completes an active contract.</summary>
    public static async Task<Ok<ContractDto>> Complete(int id, ContractService contracts, CancellationToken ct) =>
        TypedResults.Ok(await contracts.CompleteAsync(id, ct));

    /// <summary>Ends a signed or active contract early, with an optional reason.</summary>
    public static async Task<Ok<ContractDto>> Terminate(int id, [FromBody] TerminateContractInput? input, ContractService contracts, CancellationToken ct) =>
        TypedResults.Ok(await contracts.TerminateAsync(id, input ?? new TerminateContractInput(), ct));

    /// <summary>Expires a sent offer left unsigned, or an active contract past its end date.</summary>
    public static async Task<Ok<ContractDto>> Expire(int id, ContractService contracts, CancellationToken ct) =>
        TypedResults.Ok(await contracts.ExpireAsync(id, ct));

    /// <summary>Cancels a draft or a sent contract (it keeps its number).</summary>
    public static async Task<Ok<ContractDto>> Cancel(int id, ContractService contracts, CancellationToken ct) =>
        TypedResults.Ok(await contracts.CancelAsync(id, ct));

    /// <summary>The contract as a PDF, with the signature record once signed.</summary>
    public static async Task<FileContentHttpResult> Pdf(int id, ContractService contracts, CancellationToken ct)
    {
        var pdf = await contracts.PdfAsync(id, ct);
        return TypedResults.File(pdf.Content, "application/pdf", pdf.FileName);
    }

    /// <summary>Lists the contract templates by name.</summary>
    public static async Task<Ok<List<ContractTemplateDto>>> ListTemplates(ContractTemplateService templates, CancellationToken ct) =>
        TypedResults.Ok(await templates.ListAsync(ct));

    /// <summary>Creates a template; an unknown merge field in its body is a 400 naming it.</summary>
    public static async Task<Created<ContractTemplateDto>> CreateTemplate(ContractTemplateInput input, ContractTemplateService templates,
        CurrentTenant tenant, CancellationToken ct)
    {
        var template = await templates.CreateAsync(input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/contract-templates/{template.Id}", template);
    }

    /// <summary>Reads a template.</summary>
    public static async Task<Ok<ContractTemplateDto>> GetTemplate(int id, ContractTemplateService templates, CancellationToken ct) =>
        TypedResults.Ok(await templates.GetAsync(id, ct));

    /// <summary>Changes a template (contracts made from it keep their text).</summary>
    public static async Task<Ok<ContractTemplateDto>> UpdateTemplate(int id, ContractTemplateInput patch, ContractTemplateService templates,
        CancellationToken ct) => TypedResults.Ok(await templates.UpdateAsync(id, patch, ct));

    /// <summary>Deletes a template (contracts made from it keep their text).</summary>
    public static async Task<NoContent> DeleteTemplate(int id, ContractTemplateService templates, CancellationToken ct)
    {
        await templates.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The template merged with the contract's fields given: the terms a contract made from it would hold.</summary>
    public static async Task<Ok<MergedTerms>> MergeTemplate(int id, ContractMergeInput input, ContractTemplateService templates, CancellationToken ct) =>
        TypedResults.Ok(await templates.MergeAsync(id, input, ct));
}
