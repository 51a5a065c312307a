using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Time;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;
using StudioManager.Projects;

namespace StudioManager.Sales;

/// <summary>The studio's contract templates (text with merge fields) and the merge itself, which contracts made from a
/// template use too.</summary>
public sealed class ContractTemplateService(TenantDbContext db, TimeProvider clock, CurrentTenant tenant, ClientService clients,
    ProjectService projects, StudioSettings settings)
{
    [RequiresPermission(Permission.ViewMoney)]
    public async Task<List<ContractTemplateDto>> ListAsync(CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return (await db.ContractTemplates.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct)).Select(Dto).ToList();
    }

    [RequiresPermission(Permission.ViewMoney)]
    public async Task<ContractTemplateDto> GetAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return Dto(await FindAsync(id, ct));
    }

    [RequiresPermission(Permission.ManageMoney)]
    public async Task<ContractTemplateDto> CreateAsync(ContractTemplateInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var now = clock.StoredUtcNow();
        var template = new ContractTemplate { CreatedAt = now, UpdatedAt = now, Type = ContractType.Other };
        Apply(template, input);
        db.ContractTemplates.Add(template);
        return await SaveAsync(template, ct);
    }

    [RequiresPermission(Permission.ManageMoney)]
    public async Task<ContractTemplateDto> UpdateAsync(int id, ContractTemplateInput patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var template = await FindAsync(id, ct);
        Apply(template, patch);
        template.UpdatedAt = clock.StoredUtcNow();
        return await SaveAsync(template, ct);
    }

    /// <summary>Contracts keep the text merged from it: deleting a template changes no contract.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        db.ContractTemplates.Remove(await FindAsync(id, ct));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The template merged with the fields given, as a contract made from it would hold (a preview).</summary>
    [RequiresPermission(Permission.ViewMoney)]
    public async Task<MergedTerms> MergeAsync(int id, ContractMergeInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var template = await FindAsync(id, ct);
        if (input.ClientId is not { } clientId) throw new ValidationFailedException("clientId", "A client is required.");
        var client = await ClientAsync(clientId, ct);
        var projectTitle = await ProjectTitleAsync(input.ProjectId, client.Id, ct);
        return new MergedTerms(await MergeAsync(template.Body, new ContractFields(client, projectTitle, input.Title, input.Type ?? template.Type,
            input.Value, input.StartDate, input.EndDate), ct));
    }

    /// <summary>The contract's fields a merge needs (the client and project already checked).</summary>
    internal sealed record ContractFields(Client Client, string? ProjectTitle, string? Title, ContractType Type, decimal? Value,
        DateOnly? StartDate, DateOnly? EndDate);

    internal async Task<string> MergeAsync(string body, ContractFields f, CancellationToken ct)
    {
        var studio = await settings.GetAsync(ct);
        return ContractMerge.Merge(body, new MergeData(ClientDto.From(f.Client), f.ProjectTitle, f.Title, f.Type, f.Value,
            CurrencyOf(f.Client), f.StartDate, f.EndDate, studio, StudioTime.Today(clock, studio.TimeZone)));
    }

    /// <summary>A contract is in the client's billing currency, else the studio's (as invoices).</summary>
    internal string CurrencyOf(Client client) => client.Currency ?? tenant.Studio.Currency;

    internal async Task<ContractTemplate> FindAsync(int id, CancellationToken ct) =>
        await db.ContractTemplates.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException($"There is no contract template {id}.");

    /// <summary>The client of a contract (400 on clientId when missing).</summary>
    internal async Task<Client> ClientAsync(int id, CancellationToken ct)
    {
        try { return await clients.FindAsync(id, ct); }
        catch (NotFoundException) { throw new ValidationFailedException("clientId", $"There is no client {id}."); }
    }

    /// <summary>The project's title; null without a project. With a client, the project must be one of theirs (400 on
    /// projectId otherwise); without (a document of a saved contract), a project deleted since gives null.</summary>
    internal async Task<string?> ProjectTitleAsync(int? projectId, int? clientId, CancellationToken ct)
    {
        if (projectId is not { } id) return null;
        Project project;
        try { project = await projects.FindAsync(id, ct); }
        catch (NotFoundException) when (clientId is null) { return null; }
        catch (NotFoundException) { throw new ValidationFailedException("projectId", $"There is no project {id}."); }
        if (clientId is not null && project.ClientId != clientId)
            throw new ValidationFailedException("projectId", $"The project {id} is not one of this client's projects.");
        return project.Name;
    }

    private static void Apply(ContractTemplate t, ContractTemplateInput i)
    {
        if (i.Name.HasValue) t.Name = i.Name.Value?.Trim() ?? "";
        if (i.Type.HasValue) t.Type = i.Type.Value;
        if (i.Body.HasValue) t.Body = i.Body.Value ?? "";
        new Validation()
            .Check(t.Name.Length > 0, "name", "A name is required.").MaxLength("name", t.Name, 200)
            .Check(t.Body.Trim().Length > 0, "body", "The text is required.").MaxLength("body", t.Body, ContractMerge.MaxLength)
            .CheckFields("body", t.Body)
            .ThrowIfInvalid();
    }

    private async Task<ContractTemplateDto> SaveAsync(ContractTemplate template, CancellationToken ct)
    {
        if (await db.ContractTemplates.AnyAsync(t => t.Id != template.Id && t.Name == template.Name, ct))
        {
            var taken = $"There is already a contract template named {template.Name}.";
            throw new ConflictException(taken) { Errors = new Dictionary<string, string[]> { ["name"] = [taken] } };
        }
        await db.SaveChangesAsync(ct);
        return Dto(template);
    }

    private static ContractTemplateDto Dto(ContractTemplate t) => new(t.Id, t.Name, t.Type, t.Body, t.CreatedAt, t.UpdatedAt);
}
