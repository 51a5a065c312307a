using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Time;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;
using StudioManager.Projects;

namespace StudioManager.Sales;

/// <summary>The studio's quotes: drafts and their lines (numbered at creation), send, accept, reject, cancel, convert
/// into an invoice and/or a project. API and pages go through here.
/// Every change runs in one write transaction that first locks the quotes table against other writers (PostgreSQL; a
/// SQLite transaction holds the database's write lock from its start), as InvoiceService does for invoices: numbers are
/// taken one after another with no gap (a rolled-back creation gives its number back), the state read is the state
/// written (an invalid transition is a 409, never a lost update), and a quote converts into one invoice only.</summary>
public sealed class QuoteService(TenantDbContext db, TimeProvider clock, CurrentTenant tenant, ClientService clients,
    SalesSetupService setup, InvoiceService invoices, ProjectService projects)
{
    [RequiresPermission(Permission.ViewMoney)]
    public async Task<ListPage<QuoteDto>> ListAsync(QuoteQuery query, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var q = db.Quotes.AsNoTracking();
        var today = Today();
        // Expired is derived: a sent quote past its last valid day (a sent quote always has one).
        q = Validation.ParseEnum<QuoteStatus>("status", query.Status) switch
        {
            QuoteStatus.Expired => q.Where(x => x.Status == QuoteStatus.Sent && x.ValidUntil < today),
            QuoteStatus.Sent => q.Where(x => x.Status == QuoteStatus.Sent && x.ValidUntil >= today),
            { } status => q.Where(x => x.Status == status),
            null => q,
        };
        if (query.ClientId is { } clientId) q = q.Where(x => x.ClientId == clientId);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var number = query.Q.Trim().ToUpperInvariant();
            q = q.Where(x => x.Number.Contains(number));
        }
        var page = await q.Include(x => x.Items).OrderByDescending(x => x.Id).AsSplitQuery()
            .ToListPageAsync(Paging.Of(query.Page, query.PageSize), ct);
        var dtos = await ToDtosAsync(page.Items, ct);
        return new ListPage<QuoteDto>(dtos, page.Total, page.Page, page.PageSize);
    }

    [RequiresPermission(Permission.ViewMoney)]
    public async Task<QuoteDto> GetAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return await DtoAsync(await db.Quotes.AsNoTracking().Include(x => x.Items).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw Missing(id), ct);
    }

    /// <summary>Creates a draft with the next number of the year (studio time): Q-YYYY-NNNN.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<QuoteDto> CreateAsync(QuoteInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        if (!input.ClientId.HasValue) throw new ValidationFailedException("clientId", "A client is required.");
        var client = await ClientAsync(input.ClientId.Value, ct);
        var lines = await LinesAsync(input, ct) ?? [];
        var now = Now();
        var quote = new Quote
        {
            ClientId = client.Id, Status = QuoteStatus.Draft, Currency = client.Currency ?? tenant.Studio.Currency,
            ValidityDays = QuoteLifecycle.DefaultValidityDays, CreatedBy = tenant.UserId, CreatedAt = now, UpdatedAt = now,
        };
        await ApplyAsync(quote, input, ct);
        SetItems(quote, lines);
        await WriteAsync(async () =>
        {
            var today = Today();
            quote.Number = InvoiceLifecycle.Format(QuoteLifecycle.NumberPrefix, today.Year, await db.NextNumberAsync(DocumentKind.Quote, today.Year, ct));
            quote.QuoteDate = today;
            db.Quotes.Add(quote);
            await db.SaveChangesAsync(ct);
            return 0;
        }, ct);
        return await DtoAsync(quote, ct);
    }

    /// <summary>Changes a draft's fields sent; items, when sent, replace its lines. 409 once sent.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<QuoteDto> UpdateAsync(int id, QuoteInput patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var lines = await LinesAsync(patch, ct);
        var quote = await WriteAsync(async () =>
        {
            var quote = await FindForChangeAsync(id, ct);
            QuoteLifecycle.Ensure(Effective(quote), QuoteAction.Edit);
            if (patch.ClientId.HasValue) quote.ClientId = (await ClientAsync(patch.ClientId.Value, ct)).Id;
            await ApplyAsync(quote, patch, ct);
            if (lines is not null)
            {
                db.QuoteItems.RemoveRange(quote.Items);
                SetItems(quote, lines);
            }
            quote.UpdatedAt = Now();
            await db.SaveChangesAsync(ct);
            return quote;
        }, ct);
        return await DtoAsync(quote, ct);
    }

    /// <summary>The client accepted the quote (it was sent and has not expired).</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public Task<QuoteDto> AcceptAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return MoveAsync(id, QuoteAction.Accept, ct);
    }

    /// <summary>The client declined the quote.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public Task<QuoteDto> RejectAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return MoveAsync(id, QuoteAction.Reject, ct);
    }

    /// <summary>Withdraws a draft, sent or expired quote; it keeps its number.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public Task<QuoteDto> CancelAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return MoveAsync(id, QuoteAction.Cancel, ct);
    }

    /// <summary>Converts an accepted quote, once per target: into a draft invoice of the client with the quote's lines
    /// (the quote keeps the link), or into a new project of the client (budget: the quote's subtotal) that the quote
    /// then belongs to. The same target again is a 409. A project needs the right to manage projects too.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<QuoteDto> ConvertAsync(int id, ConvertQuoteInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var name = string.IsNullOrWhiteSpace(input.Name) ? null : input.Name.Trim();
        new Validation().Check(input.To is not null, "to", "to is invoice or project.").MaxLength("name", name, 200).ThrowIfInvalid();
        var quote = await db.InTransactionAsync(async () =>
        {
            // Invoices, then quotes: the order in which deleting a draft invoice (which frees its quote) takes them.
            await db.LockTableAsync<Invoice>(ct);
            await db.LockTableAsync<Quote>(ct);
            var quote = await FindForChangeAsync(id, ct);
            QuoteLifecycle.Ensure(Effective(quote), QuoteAction.Convert);
            if (input.To == QuoteConversion.Invoice)
            {
                if (quote.InvoiceId is { } invoiceId) throw new ConflictException($"This quote is already invoiced (invoice {invoiceId}).");
                var items = quote.Items.OrderBy(x => x.Position).Select(x => new InvoiceItemInput(x.Description, x.Quantity, x.UnitPrice, x.TaxRate)).ToList();
                var invoice = await invoices.CreateAsync(new InvoiceInput { ClientId = quote.ClientId, ProjectId = quote.ProjectId, Items = items }, ct);
                quote.InvoiceId = invoice.Id;
            }
            else
            {
                if (quote.ProjectId is { } projectId) throw new ConflictException($"This quote already has a project (project {projectId}).");
                var project = await projects.CreateAsync(new ProjectInput
                {
                    ClientId = quote.ClientId, Name = name ?? $"Quote {quote.Number}", Budget = quote.Subtotal >= 0 ? quote.Subtotal : null,
                }, ct);
                quote.ProjectId = project.Id;
            }
            quote.UpdatedAt = Now();
            await db.SaveChangesAsync(ct);
            return quote;
        }, ct);
        return await DtoAsync(quote, ct);
    }

    /// <summary>Sends a draft (its validity starts today, studio time) or a sent quote again (same validity): the step of
    /// QuoteDocuments.SendAsync, which mails it.</summary>
    internal async Task<QuoteDto> MarkSentAsync(int id, CancellationToken ct)
    {
        var quote = await WriteAsync(async () =>
        {
            var quote = await FindForChangeAsync(id, ct);
            QuoteLifecycle.Ensure(Effective(quote), QuoteAction.Send);
            if (quote.Status == QuoteStatus.Draft)
            {
                if (quote.Items.Count == 0) throw new ConflictException("A quote without lines cannot be sent.");
                quote.Status = QuoteStatus.Sent;
                quote.ValidUntil = Today().AddDays(quote.ValidityDays);
                quote.SentAt = quote.UpdatedAt = Now();
                await db.SaveChangesAsync(ct);
            }
            return quote;
        }, ct);
        return await DtoAsync(quote, ct);
    }

    /// <summary>Accept, reject, cancel: the lifecycle says whether and where to.</summary>
    private async Task<QuoteDto> MoveAsync(int id, QuoteAction action, CancellationToken ct)
    {
        var quote = await WriteAsync(async () =>
        {
            var quote = await FindForChangeAsync(id, ct);
            var status = Effective(quote);
            QuoteLifecycle.Ensure(status, action);
            quote.Status = QuoteLifecycle.After(status, action);
            quote.ClosedAt = quote.UpdatedAt = Now();
            await db.SaveChangesAsync(ct);
            return quote;
        }, ct);
        return await DtoAsync(quote, ct);
    }

    /// <summary>Runs a change in a write transaction holding the quotes table against other writers (see the class).</summary>
    private Task<T> WriteAsync<T>(Func<Task<T>> change, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            await db.LockTableAsync<Quote>(ct);
            return await change();
        }, ct);

    private async Task<Quote> FindForChangeAsync(int id, CancellationToken ct) =>
        await db.Quotes.Include(x => x.Items).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw Missing(id);

    private static NotFoundException Missing(int id) => new($"There is no quote {id}.");

    private QuoteStatus Effective(Quote quote) => QuoteLifecycle.Effective(quote.Status, quote.ValidUntil, Today());

    /// <summary>Project, validity and notes sent; the project must be one of the quote's client's.</summary>
    private async Task ApplyAsync(Quote quote, QuoteInput i, CancellationToken ct)
    {
        if (i.ProjectId.HasValue) quote.ProjectId = i.ProjectId.Value;
        if (i.ValidityDays.HasValue) quote.ValidityDays = i.ValidityDays.Value ?? QuoteLifecycle.DefaultValidityDays;
        if (i.Notes.HasValue) quote.Notes = string.IsNullOrWhiteSpace(i.Notes.Value) ? null : i.Notes.Value.Trim();
        var v = new Validation();
        v.Between("validityDays", quote.ValidityDays, 1, QuoteLifecycle.MaxValidityDays, "The validity in days")
         .MaxLength("notes", quote.Notes, 4000);
        if ((i.ProjectId.HasValue || i.ClientId.HasValue) && quote.ProjectId is { } projectId)
        {
            var owner = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => (int?)p.ClientId).FirstOrDefaultAsync(ct);
            v.Check(owner is not null, "projectId", $"There is no project {projectId}.")
             .Check(owner is null || owner == quote.ClientId, "projectId", $"The project {projectId} is not one of this client's projects.");
        }
        v.ThrowIfInvalid();
    }

    /// <summary>The lines sent, checked, with the default tax rate where none is given; null when items are absent.</summary>
    private async Task<List<QuoteItemInput>?> LinesAsync(QuoteInput input, CancellationToken ct)
    {
        if (!input.Items.HasValue) return null;
        var items = input.Items.Value ?? [];
        var defaultRate = items.Any(x => x?.TaxRate is null) ? await setup.DefaultRateAsync(ct) : 0m;
        var v = new Validation();
        v.Check(items.Count <= SalesLines.MaxLines, "items", $"At most {SalesLines.MaxLines} lines.");
        for (var n = 0; n < items.Count; n++)
        {
            if (items[n] is { } x) v.CheckLine($"items[{n}]", x.Description, x.Quantity, x.UnitPrice, x.TaxRate);
            else v.Add($"items[{n}]", "A line is an object.");
        }
        v.ThrowIfInvalid();
        return items.Select(x => x with { Description = x.Description!.Trim(), TaxRate = x.TaxRate ?? defaultRate }).ToList();
    }

    /// <summary>Sets the lines and the totals (InvoiceTotals: the rules of PRODUCT.md §5).</summary>
    private static void SetItems(Quote quote, List<QuoteItemInput> lines)
    {
        var totals = InvoiceTotals.Of(lines.Select(l => new TotalsLine(l.Quantity!.Value, l.UnitPrice!.Value, l.TaxRate!.Value)));
        quote.Items = lines.Select((l, n) => new QuoteItem
        {
            Position = n + 1, Description = l.Description!, Quantity = l.Quantity!.Value, UnitPrice = l.UnitPrice!.Value,
            TaxRate = l.TaxRate!.Value, Amount = totals.LineAmounts[n],
        }).ToList();
        (quote.Subtotal, quote.TaxTotal, quote.Total) = (totals.Subtotal, totals.TaxTotal, totals.Total);
    }

    private async Task<Client> ClientAsync(int id, CancellationToken ct)
    {
        try { return await clients.FindAsync(id, ct); }
        catch (NotFoundException) { throw new ValidationFailedException("clientId", $"There is no client {id}."); }
    }

    private async Task<QuoteDto> DtoAsync(Quote quote, CancellationToken ct) => (await ToDtosAsync([quote], ct))[0];

    private async Task<List<QuoteDto>> ToDtosAsync(IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        var names = await clients.NamesAsync(quotes.Select(x => x.ClientId).Distinct().ToList(), ct);
        var today = Today();
        return quotes.Select(x =>
        {
            var items = x.Items.OrderBy(i => i.Position).ToList();
            var totals = InvoiceTotals.Of(items.Select(i => new TotalsLine(i.Quantity, i.UnitPrice, i.TaxRate)));
            return new QuoteDto(x.Id, x.Number, QuoteLifecycle.Effective(x.Status, x.ValidUntil, today), x.ClientId, names.GetValueOrDefault(x.ClientId, ""),
                x.ProjectId, x.InvoiceId, x.Currency, x.QuoteDate, x.ValidityDays, x.ValidUntil, x.Notes,
                items.Select(i => new QuoteItemDto(i.Id, i.Description, i.Quantity, i.UnitPrice, i.TaxRate, i.Amount)).ToList(),
                totals.TaxLines, x.Subtotal, x.TaxTotal, x.Total, x.CreatedAt, x.UpdatedAt, x.SentAt, x.ClosedAt);
        }).ToList();
    }

    /// <summary>The studio's calendar day now.</summary>
    private DateOnly Today() => DateOnly.FromDateTime(StudioTime.ToLocal(clock.GetUtcNow().UtcDateTime, tenant.Studio.TimeZone));

    private DateTime Now() => clock.StoredUtcNow();
}
