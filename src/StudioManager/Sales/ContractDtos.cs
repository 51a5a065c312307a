using StudioManager.Infrastructure.Hosting;

namespace StudioManager.Sales;

/// <summary>A contract as the API and pages show it; Signature once signed.</summary>
public sealed record ContractDto(
    int Id, string Number, ContractStatus Status, int ClientId, string ClientName, int? ProjectId, ContractType Type, string Title,
    string Terms, decimal Value, string Currency, DateOnly? StartDate, DateOnly? EndDate, ContractSignature? Signature,
    string? TerminationReason, DateTime CreatedAt, DateTime UpdatedAt, DateTime? SentAt, DateTime? EndedAt);

/// <summary>The signature record: who signed, when (UTC), from which IP address, and the SHA-256 (lower-case hex) of
/// the terms' UTF-8 bytes as signed.</summary>
public sealed record ContractSignature(string SignerName, DateTime SignedAt, string? SignerIp, string TextSha256);

/// <summary>Body of POST and PATCH /contracts (PATCH: drafts only; only the fields present change). Terms, when
/// present, are stored exactly as sent; otherwise templateId's text is merged with the contract's fields (client,
/// project, title, type, value, dates, studio) and stored.</summary>
public sealed class ContractInput
{
    public Optional<int> ClientId { get; set; }
    public Optional<int?> ProjectId { get; set; }
    /// <summary>Absent on POST: the template's type, else other.</summary>
    public Optional<ContractType> Type { get; set; }
    public Optional<string?> Title { get; set; }
    public Optional<string?> Terms { get; set; }
    public Optional<int?> TemplateId { get; set; }
    public Optional<decimal?> Value { get; set; }
    public Optional<DateOnly?> StartDate { get; set; }
    public Optional<DateOnly?> EndDate { get; set; }
}

/// <summary>GET /contracts: status, clientId, type, q (number or title), paging.</summary>
public sealed record ContractQuery(string? Status = null, int? ClientId = null, string? Type = null, string? Q = null, int? Page = null, int? PageSize = null);

/// <summary>Body of POST /contracts/{id}/sign.</summary>
public sealed record SignContractInput(string? SignerName);

/// <summary>Body of POST /contracts/{id}/terminate: why, optionally.</summary>
public sealed record TerminateContractInput(string? Reason = null);

/// <summary>Body of POST /contracts/{id}/send: to defaults to the client's email.</summary>
public sealed record SendContractInput(string? To = null);

public sealed record ContractTemplateDto(int Id, string Name, ContractType Type, string Body, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>Body of POST and PATCH /contract-templates: body holds merge fields ({{client.name}}…); an unknown one is a
/// 400 on body naming it.</summary>
public sealed class ContractTemplateInput
{
    public Optional<string?> Name { get; set; }
    public Optional<ContractType> Type { get; set; }
    public Optional<string?> Body { get; set; }
}

/// <summary>Body of POST /contract-templates/{id}/merge: the contract's fields the template is merged with.</summary>
public sealed record ContractMergeInput(int? ClientId, int? ProjectId = null, string? Title = null, ContractType? Type = null, decimal? Value = null,
    DateOnly? StartDate = null, DateOnly? EndDate = null);

/// <summary>The merged text.</summary>
public sealed record MergedTerms(string Terms);
