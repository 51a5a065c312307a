using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Email;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Time;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Sales;

/// <summary>The studio's contracts: drafts (terms written or merged from a template), numbering, the lifecycle
/// (ContractLifecycle), sending with the PDF, signing, the PDF. API and pages go through here; the client portal will
/// sign through SignAsync too.
/// Every change runs in one write transaction that first locks the contracts table against other writers (PostgreSQL;
/// a SQLite transaction holds the database's write lock from its start): the status read is the status written, so of
/// two signatures (or any two transitions) at once one wins and the other is a 409, and numbers are taken one after
/// another with no gap (a rolled back creation gives its number back; contracts are cancelled, never deleted).</summary>
public sealed class ContractService(TenantDbContext db, TimeProvider clock, CurrentTenant tenant, ClientService clients,
    ContractTemplateService templates, StudioSettings settings, SalesDocuments documents)
{
    [RequiresPermission(Permission.ViewMoney)]
    public async Task<ListPage<ContractDto>> ListAsync(ContractQuery query, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var q = db.Contracts.AsNoTracking();
        if (Parse<ContractStatus>("status", query.Status) is { } status) q = q.Where(c => c.Status == status);
        if (Parse<ContractType>("type", query.Type) is { } type) q = q.Where(c => c.Type == type);
        if (query.ClientId is { } clientId) q = q.Where(c => c.ClientId == clientId);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var text = query.Q.Trim().ToLower();
            q = q.Where(c => c.Number.ToLower().Contains(text) || c.Title.ToLower().Contains(text));
        }
        var page = await q.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).ToListPageAsync(Paging.Of(query.Page, query.PageSize), ct);
        return new ListPage<ContractDto>(await ToDtosAsync(page.Items, ct), page.Total, page.Page, page.PageSize);
    }

    [RequiresPermission(Permission.ViewMoney)]
    public async Task<ContractDto> GetAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return await DtoAsync(await db.Contracts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw Missing(id), ct);
    }

    /// <summary>Creates a draft with the next number of the year (studio time).</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<ContractDto> CreateAsync(ContractInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        if (!input.ClientId.HasValue) throw new ValidationFailedException("clientId", "A client is required.");
        var client = await templates.ClientAsync(input.ClientId.Value, ct);
        var now = Now();
        // Value -1 until one is given: the checks refuse it, so a contract never defaults to being worth nothing.
        var contract = new Contract
        {
            ClientId = client.Id, Status = ContractStatus.Draft, Type = ContractType.Other, Value = -1, Currency = templates.CurrencyOf(client),
            CreatedBy = tenant.UserId, CreatedAt = now, UpdatedAt = now,
        };
        await ApplyAsync(contract, client, input, ct);
        await WriteAsync(async () =>
        {
            var year = Today().Year;
            contract.Number = ContractLifecycle.Format(year, await db.NextNumberAsync(DocumentKind.Contract, year, ct));
            db.Contracts.Add(contract);
            await db.SaveChangesAsync(ct);
            return 0;
        }, ct);
        return await DtoAsync(contract, ct);
    }

    /// <summary>Changes a draft's fields sent (409 once sent: the client reads the text they will sign).</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<ContractDto> UpdateAsync(int id, ContractInput patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var contract = await WriteAsync(async () =>
        {
            var c = await FindForChangeAsync(id, ct);
            if (!ContractLifecycle.IsEditable(c.Status)) throw new ConflictException(ContractLifecycle.Refusal(c.Status, "changed"));
            var client = patch.ClientId.HasValue ? await templates.ClientAsync(patch.ClientId.Value, ct) : await clients.FindAsync(c.ClientId, ct);
            if (client.Id != c.ClientId) (c.ClientId, c.Currency) = (client.Id, templates.CurrencyOf(client));
            await ApplyAsync(c, client, patch, ct);
            c.UpdatedAt = Now();
            await db.SaveChangesAsync(ct);
            return c;
        }, ct);
        return await DtoAsync(contract, ct);
    }

    /// <summary>Emails the contract with its PDF attached (to the client, or to the address given) and marks a draft
    /// sent; a sent contract may be sent again. The mail is recorded in the outbox with the change.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<DocumentSent> SendAsync(int id, SendContractInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var studio = await settings.GetAsync(ct);
        return await WriteAsync(async () =>
        {
            var c = await FindForChangeAsync(id, ct);
            var next = ContractLifecycle.Next(c.Status, ContractAction.Send) ?? throw new ConflictException(ContractLifecycle.Refusal(c.Status, "sent"));
            var to = await documents.RecipientAsync(c.ClientId, input.To, ct);
            c.Status = next;
            c.SentAt = c.UpdatedAt = Now();
            await db.SaveChangesAsync(ct);
            var client = ClientDto.From(await clients.FindAsync(c.ClientId, ct));
            var pdf = new PdfFile(FileName(c.Number), ContractPdf.Render(studio, await documents.LogoAsync(studio, ct), client, await DtoAsync(c, ct),
                await templates.ProjectTitleAsync(c.ProjectId, null, ct)));
            return await documents.MailAsync(new SalesDocuments.Rendered(client, studio, pdf.Content), to, "contract", c.Number,
                $", \"{c.Title}\", for your review and signature", pdf, ct);
        }, ct);
    }

    /// <summary>Signs a sent contract: the signer's name, the time (UTC, to the microsecond), the caller's IP address
    /// and the SHA-256 of the terms as they stand. From then on its text never changes.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<ContractDto> SignAsync(int id, SignContractInput input, string? ip, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var name = input.SignerName?.Trim();
        new Validation().Check(!string.IsNullOrEmpty(name), "signerName", "The signer's name is required.").MaxLength("signerName", name, 200)
            .ThrowIfInvalid();
        return await MoveAsync(id, ContractAction.Sign, "signed", c =>
        {
            c.SignerName = name;
            c.SignedAt = Now();
            c.SignerIp = ip;
            c.SignedTextSha256 = Sha256(c.Terms);
        }, ct);
    }

    [RequiresPermission(Permission.ManageMoney)]
    public async Task<ContractDto> ActivateAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return await MoveAsync(id, ContractAction.Activate, "activated", null, ct);
    }

    [RequiresPermission(Permission.ManageMoney)]
    public async Task<ContractDto> CompleteAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return await MoveAsync(id, ContractAction.Complete, "completed", null, ct);
    }

    /// <summary>Ends a signed or active contract early, with the reason given.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<ContractDto> TerminateAsync(int id, TerminateContractInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var reason = string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim();
        new Validation().MaxLength("reason", reason, 1000).ThrowIfInvalid();
        return await MoveAsync(id, ContractAction.Terminate, "terminated", c => c.TerminationReason = reason, ct);
    }

    /// <summary>A sent offer left unsigned, or an active contract whose end date has passed, expires.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<ContractDto> ExpireAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return await MoveAsync(id, ContractAction.Expire, "expired", c =>
        {
            if (c.Status == ContractStatus.Active && !(c.EndDate < Today()))
                throw new ConflictException(c.EndDate is { } end
                    ? $"This contract runs until {ContractMerge.Date(end)}: it expires after that day (complete or terminate it instead)."
                    : "This contract has no end date: it does not expire (complete or terminate it instead).");
        }, ct);
    }

    /// <summary>Cancels a draft or a sent contract (it keeps its number).</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<ContractDto> CancelAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return await MoveAsync(id, ContractAction.Cancel, "cancelled", null, ct);
    }

    [RequiresPermission(Permission.ViewMoney)]
    public async Task<PdfFile> PdfAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var contract = await GetAsync(id, ct);
        var client = ClientDto.From(await clients.FindAsync(contract.ClientId, ct));
        var studio = await settings.GetAsync(ct);
        var pdf = ContractPdf.Render(studio, await documents.LogoAsync(studio, ct), client, contract, await templates.ProjectTitleAsync(contract.ProjectId, null, ct));
        return new PdfFile(FileName(contract.Number), pdf);
    }

    /// <summary>SHA-256 of the text's UTF-8 bytes, lower-case hex: what a signature seals.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private async Task<ContractDto> MoveAsync(int id, ContractAction action, string verb, Action<Contract>? change, CancellationToken ct)
    {
        var contract = await WriteAsync(async () =>
        {
            var c = await FindForChangeAsync(id, ct);
            var next = ContractLifecycle.Next(c.Status, action) ?? throw new ConflictException(ContractLifecycle.Refusal(c.Status, verb));
            change?.Invoke(c);
            c.Status = next;
            c.UpdatedAt = Now();
            if (ContractLifecycle.IsEnded(next)) c.EndedAt = c.UpdatedAt;
            await db.SaveChangesAsync(ct);
            return c;
        }, ct);
        return await DtoAsync(contract, ct);
    }

    /// <summary>Sets the fields sent and checks the whole. Terms sent are kept as they are; otherwise a template given is
    /// merged with the contract's fields as they now stand.</summary>
    private async Task ApplyAsync(Contract c, Client client, ContractInput i, CancellationToken ct)
    {
        var v = new Validation();
        if (i.ProjectId.HasValue) c.ProjectId = i.ProjectId.Value;
        if (i.Type.HasValue) c.Type = i.Type.Value;
        if (i.Title.HasValue) c.Title = i.Title.Value?.Trim() ?? "";
        if (i.Value.HasValue) c.Value = i.Value.Value ?? -1;
        if (i.StartDate.HasValue) c.StartDate = i.StartDate.Value;
        if (i.EndDate.HasValue) c.EndDate = i.EndDate.Value;
        var merging = !i.Terms.HasValue && i.TemplateId.HasValue && i.TemplateId.Value is not null;
        var projectTitle = i.ProjectId.HasValue || i.ClientId.HasValue || merging ? await templates.ProjectTitleAsync(c.ProjectId, c.ClientId, ct) : null;
        if (i.Terms.HasValue) c.Terms = i.Terms.Value ?? "";
        else if (merging)
        {
            ContractTemplate template;
            try { template = await templates.FindAsync(i.TemplateId.Value!.Value, ct); }
            catch (NotFoundException e) { throw new ValidationFailedException("templateId", e.Message); }
            if (c.Id == 0 && !i.Type.HasValue) c.Type = template.Type;
            c.Terms = await templates.MergeAsync(template.Body,
                new ContractTemplateService.ContractFields(client, projectTitle, c.Title, c.Type, c.Value, c.StartDate, c.EndDate), ct);
        }
        v.Check(c.Title.Length > 0, "title", "A title is required.").MaxLength("title", c.Title, 200)
         .Check(c.Value is >= 0 and <= 1_000_000_000 && c.Value == Math.Round(c.Value, 2), "value",
             "A value is required: between 0 and 1,000,000,000, with at most 2 decimals (0 when the contract carries none).")
         .Check(c.Terms.Trim().Length > 0, "terms", "Terms are required: write them, or give a templateId to merge.")
         .MaxLength("terms", c.Terms, ContractMerge.MaxLength)
         .Check(c.StartDate is null || c.EndDate is null || c.EndDate >= c.StartDate, "endDate", "The end date is on or after the start date.")
         .ThrowIfInvalid();
    }

    /// <summary>Runs a change in a write transaction holding the contracts table against other writers (see the class).</summary>
    private Task<T> WriteAsync<T>(Func<Task<T>> change, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            await db.LockTableAsync<Contract>(ct);
            return await change();
        }, ct);

    private async Task<Contract> FindForChangeAsync(int id, CancellationToken ct) =>
        await db.Contracts.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw Missing(id);

    private static NotFoundException Missing(int id) => new($"There is no contract {id}.");

    private async Task<ContractDto> DtoAsync(Contract contract, CancellationToken ct) => (await ToDtosAsync([contract], ct))[0];

    private async Task<List<ContractDto>> ToDtosAsync(IReadOnlyList<Contract> contracts, CancellationToken ct)
    {
        var names = await clients.NamesAsync(contracts.Select(c => c.ClientId).Distinct().ToList(), ct);
        return contracts.Select(c => new ContractDto(c.Id, c.Number, c.Status, c.ClientId, names.GetValueOrDefault(c.ClientId, ""), c.ProjectId, c.Type,
            c.Title, c.Terms, c.Value, c.Currency, c.StartDate, c.EndDate,
            c.SignedAt is { } at ? new ContractSignature(c.SignerName!, at, c.SignerIp, c.SignedTextSha256!) : null,
            c.TerminationReason, c.CreatedAt, c.UpdatedAt, c.SentAt, c.EndedAt)).ToList();
    }

    /// <summary>A list filter by name ("session_musician", any case); 400 naming the values otherwise.</summary>
    private static T? Parse<T>(string field, string? value) where T : struct, Enum =>
        value?.Replace("_", "") is { } name ? Validation.ParseEnum<T>(field, name) : null;

    private static string FileName(string number) => $"{number}.pdf";

    private DateOnly Today() => StudioTime.Today(clock, tenant.Studio.TimeZone);

    private DateTime Now() => clock.StoredUtcNow();
}
