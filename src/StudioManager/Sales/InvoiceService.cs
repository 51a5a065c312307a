using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Time;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;
using StudioManager.Scheduling;

namespace StudioManager.Sales;

/// <summary>The studio's invoices and their payments: drafts and their lines, invoices from sessions, issue (numbering),
/// void, payments, balances. API and pages go through here.
/// Every change runs in one write transaction that first locks the invoices table against other writers (PostgreSQL;
/// a SQLite transaction holds the database's write lock from its start): the state read is the state written, so an
/// invalid transition is a 409 and never a lost update, numbers are taken one after another with no gap (a rolled
/// back issue gives its number back), a payment is checked against the balance as it stands, and a session is
/// claimed by one invoice only (invoice_sessions' key stands behind it).</summary>
public sealed class InvoiceService(TenantDbContext db, TimeProvider clock, CurrentTenant tenant, ClientService clients,
    SessionService sessions, SalesSetupService setup)
{
    public const int MaxItems = SalesLines.MaxLines;

    [RequiresPermission(Permission.ViewMoney)]
    public async Task<ListPage<InvoiceDto>> ListAsync(InvoiceQuery query, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var q = db.Invoices.AsNoTracking();
        if (query.Status is "overdue")
        {
            // Issued and partially paid invoices always have a balance (payments reaching the total make them paid).
            var today = Today();
            q = q.Where(i => (i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.PartiallyPaid) && i.DueDate < today);
        }
        else if (ParseStatus(query.Status) is { } status) q = q.Where(i => i.Status == status);
        if (query.ClientId is { } clientId) q = q.Where(i => i.ClientId == clientId);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var number = query.Q.Trim().ToUpperInvariant();
            q = q.Where(i => i.Number != null && i.Number.Contains(number));
        }
        var page = await q.Include(i => i.Items).OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).AsSplitQuery()
            .ToListPageAsync(Paging.Of(query.Page, query.PageSize), ct);
        var dtos = await ToDtosAsync(page.Items, ct);
        return new ListPage<InvoiceDto>(dtos, page.Total, page.Page, page.PageSize);
    }

    [RequiresPermission(Permission.ViewMoney)]
    public async Task<InvoiceDto> GetAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return await DtoAsync(await db.Invoices.AsNoTracking().Include(i => i.Items).FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw Missing(id), ct);
    }

    /// <summary>Creates a draft (no number yet).</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<InvoiceDto> CreateAsync(InvoiceInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        if (!input.ClientId.HasValue) throw new ValidationFailedException("clientId", "A client is required.");
        var client = await ClientAsync(input.ClientId.Value, ct);
        var now = Now();
        var invoice = new Invoice
        {
            ClientId = client.Id, Status = InvoiceStatus.Draft, Currency = client.Currency ?? tenant.Studio.Currency,
            CreatedBy = tenant.UserId, CreatedAt = now, UpdatedAt = now,
        };
        var lines = await LinesAsync(input, ct);
        await WriteAsync(async () =>
        {
            Apply(invoice, input);
            db.Invoices.Add(invoice);
            await SetItemsAsync(invoice, lines, ct);
            return 0;
        }, ct);
        return await DtoAsync(invoice, ct);
    }

    /// <summary>Changes a draft's fields sent; items, when sent, replace its lines. 409 once issued.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<InvoiceDto> UpdateAsync(int id, InvoiceInput patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var lines = await LinesAsync(patch, ct);
        var invoice = await WriteAsync(async () =>
        {
            var invoice = await FindForChangeAsync(id, ct);
            if (!InvoiceLifecycle.IsEditable(invoice.Status)) throw new ConflictException(InvoiceLifecycle.Refusal(invoice.Status, "changed"));
            if (patch.ClientId.HasValue && patch.ClientId.Value != invoice.ClientId)
            {
                invoice.ClientId = (await ClientAsync(patch.ClientId.Value, ct)).Id;
                // Its sessions are the old client's: they stay only if the lines are sent again (and then are checked).
                if (lines is null) throw new ValidationFailedException("items", "Send the lines again when the client changes.");
            }
            Apply(invoice, patch);
            if (lines is not null) await SetItemsAsync(invoice, lines, ct);
            invoice.UpdatedAt = Now();
            await db.SaveChangesAsync(ct);
            return invoice;
        }, ct);
        return await DtoAsync(invoice, ct);
    }

    /// <summary>Deletes a draft (its sessions become billable again). An issued invoice is voided instead: 409.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        await WriteAsync(async () =>
        {
            var invoice = await FindForChangeAsync(id, ct);
            if (!InvoiceLifecycle.IsEditable(invoice.Status)) throw new ConflictException(InvoiceLifecycle.Refusal(invoice.Status, "deleted (void it)"));
            db.Invoices.Remove(invoice);
            await db.SaveChangesAsync(ct);
            return 0;
        }, ct);
    }

    /// <summary>A draft with one line per completed, not yet invoiced session of the client (date, room, hours, rate).</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<InvoiceDto> CreateFromSessionsAsync(InvoiceFromSessionsInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var v = new Validation();
        v.Check(input.ClientId is not null, "clientId", "A client is required.")
         .Check(input.SessionIds is { Count: > 0 }, "sessionIds", "Pick at least one session.")
         .Check(input.SessionIds is null || input.SessionIds.Count <= MaxItems, "sessionIds", $"At most {MaxItems} sessions.")
         .ThrowIfInvalid();
        // Lines with a session and no description are written from the session when saved.
        var items = input.SessionIds!.Distinct().Select(id => new InvoiceItemInput(null, null, null, null, id)).ToList();
        return await CreateAsync(new InvoiceInput { ClientId = input.ClientId!.Value, DueDate = input.DueDate, Items = items }, ct);
    }

    /// <summary>The client's completed sessions that no invoice bills yet (a void invoice's sessions are free again).</summary>
    [RequiresPermission(Permission.ViewMoney)]
    public async Task<List<InvoiceableSessionDto>> InvoiceableSessionsAsync(int clientId, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        await clients.FindAsync(clientId, ct);
        var completed = await sessions.CompletedOfClientAsync(clientId, null, ct);
        var ids = completed.Select(s => s.Id).ToList();
        var billed = await db.InvoiceSessions.AsNoTracking().Where(x => ids.Contains(x.SessionId)).Select(x => x.SessionId).ToListAsync(ct);
        return completed.Where(s => !billed.Contains(s.Id))
            .Select(s => new InvoiceableSessionDto(s.Id, s.Title, s.Start, s.End, s.RoomName, Hours(s), s.Price)).ToList();
    }

    /// <summary>Gives a draft the next number of the year (studio time) and freezes it; the due date, when not set,
    /// follows the client's payment terms, else the studio's.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<InvoiceDto> IssueAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var settings = await setup.SettingsAsync(ct);
        var invoice = await WriteAsync(async () =>
        {
            var invoice = await FindForChangeAsync(id, ct);
            if (!InvoiceLifecycle.CanIssue(invoice.Status)) throw new ConflictException(InvoiceLifecycle.Refusal(invoice.Status, "issued"));
            if (invoice.Items.Count == 0) throw new ConflictException("An invoice without lines cannot be issued.");
            if (invoice.Total < 0) throw new ConflictException("An invoice with a negative total cannot be issued (make a credit another way).");
            var client = await clients.FindAsync(invoice.ClientId, ct);
            var today = Today();
            invoice.Number = InvoiceLifecycle.Format(settings.InvoicePrefix, today.Year, await db.NextNumberAsync(DocumentKind.Invoice, today.Year, ct));
            invoice.IssueDate = today;
            invoice.DueDate ??= today.AddDays(client.PaymentTermsDays ?? settings.PaymentTermsDays);
            invoice.Status = InvoiceLifecycle.AfterPayments(invoice.Total, invoice.AmountPaid);
            invoice.IssuedAt = invoice.UpdatedAt = Now();
            await db.SaveChangesAsync(ct);
            return invoice;
        }, ct);
        return await DtoAsync(invoice, ct);
    }

    /// <summary>Voids an issued invoice without payments: it keeps its number, and its sessions become billable again.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<InvoiceDto> VoidAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var invoice = await WriteAsync(async () =>
        {
            var invoice = await FindForChangeAsync(id, ct);
            if (!InvoiceLifecycle.CanVoid(invoice.Status))
                throw new ConflictException(invoice.Status is InvoiceStatus.PartiallyPaid or InvoiceStatus.Paid
                    ? "This invoice has payments: remove them before voiding it."
                    : InvoiceLifecycle.Refusal(invoice.Status, "voided"));
            invoice.Status = InvoiceStatus.Void;
            invoice.VoidedAt = invoice.UpdatedAt = Now();
            await db.InvoiceSessions.Where(x => x.InvoiceId == id).ExecuteDeleteAsync(ct);
            await db.SaveChangesAsync(ct);
            return invoice;
        }, ct);
        return await DtoAsync(invoice, ct);
    }

    [RequiresPermission(Permission.ViewMoney)]
    public async Task<List<PaymentDto>> ListPaymentsAsync(int invoiceId, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        if (!await db.Invoices.AnyAsync(i => i.Id == invoiceId, ct)) throw Missing(invoiceId);
        return (await db.Payments.AsNoTracking().Where(p => p.InvoiceId == invoiceId).OrderBy(p => p.Date).ThenBy(p => p.Id).ToListAsync(ct))
            .Select(PaymentDtoOf).ToList();
    }

    /// <summary>Records a payment (partial or in full). More than the balance due is refused (400 naming amount).</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<PaymentDto> AddPaymentAsync(int invoiceId, PaymentInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var v = new Validation();
        v.Check(input.Amount is > 0, "amount", "The amount is more than 0.")
         .Check(input.Amount is null || input.Amount == Math.Round(input.Amount.Value, 2), "amount", "The amount has at most 2 decimals.")
         .Check(input.Method is not null, "method", "A method is required (cash, bank_transfer, card, check, stripe, other).")
         .MaxLength("reference", input.Reference, 200)
         .ThrowIfInvalid();
        var payment = await WriteAsync(async () =>
        {
            var invoice = await FindForChangeAsync(invoiceId, ct);
            if (!InvoiceLifecycle.TakesPayments(invoice.Status)) throw new ConflictException(InvoiceLifecycle.Refusal(invoice.Status, "paid"));
            var balance = invoice.Total - invoice.AmountPaid;
            if (input.Amount > balance)
                throw new ValidationFailedException("amount", $"The amount ({input.Amount:0.00}) is more than the balance due ({balance:0.00} {invoice.Currency}).");
            var payment = new Payment
            {
                InvoiceId = invoice.Id, Amount = input.Amount!.Value, Date = input.Date ?? Today(), Method = input.Method!.Value,
                Reference = string.IsNullOrWhiteSpace(input.Reference) ? null : input.Reference.Trim(), CreatedBy = tenant.UserId, CreatedAt = Now(),
            };
            db.Payments.Add(payment);
            invoice.AmountPaid += payment.Amount;
            invoice.Status = InvoiceLifecycle.AfterPayments(invoice.Total, invoice.AmountPaid);
            invoice.UpdatedAt = payment.CreatedAt;
            await db.SaveChangesAsync(ct);
            return payment;
        }, ct);
        return PaymentDtoOf(payment);
    }

    /// <summary>Removes a payment recorded by mistake; the invoice's status follows what remains paid.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task DeletePaymentAsync(int paymentId, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        await WriteAsync(async () =>
        {
            var payment = await db.Payments.FirstOrDefaultAsync(p => p.Id == paymentId, ct) ?? throw new NotFoundException($"There is no payment {paymentId}.");
            var invoice = await FindForChangeAsync(payment.InvoiceId, ct);
            db.Payments.Remove(payment);
            invoice.AmountPaid -= payment.Amount;
            invoice.Status = InvoiceLifecycle.AfterPayments(invoice.Total, invoice.AmountPaid);
            invoice.UpdatedAt = Now();
            await db.SaveChangesAsync(ct);
            return 0;
        }, ct);
    }

    /// <summary>What the client owes on issued invoices, per currency, and how much of it is overdue.</summary>
    [RequiresPermission(Permission.ViewMoney)]
    public async Task<ClientBalanceDto> ClientBalanceAsync(int clientId, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        await clients.FindAsync(clientId, ct);
        // Summed here: SQLite keeps decimals as text and cannot add them up.
        var open = await db.Invoices.AsNoTracking()
            .Where(i => i.ClientId == clientId && (i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.PartiallyPaid))
            .Select(i => new { i.Currency, i.Total, i.AmountPaid, i.DueDate, i.Status }).ToListAsync(ct);
        var today = Today();
        return new ClientBalanceDto(clientId, open.GroupBy(i => i.Currency).OrderBy(g => g.Key)
            .Select(g => new CurrencyBalance(g.Key, g.Sum(i => i.Total - i.AmountPaid),
                g.Where(i => InvoiceLifecycle.IsOverdue(i.Status, i.DueDate, i.Total - i.AmountPaid, today)).Sum(i => i.Total - i.AmountPaid), g.Count()))
            .ToList());
    }

    /// <summary>Runs a change in a write transaction holding the invoices table against other writers (see the class).</summary>
    private Task<T> WriteAsync<T>(Func<Task<T>> change, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            await db.LockTableAsync<Invoice>(ct);
            return await change();
        }, ct);

    /// <summary>The invoice with its lines, read inside the write transaction.</summary>
    private async Task<Invoice> FindForChangeAsync(int id, CancellationToken ct) =>
        await db.Invoices.Include(i => i.Items).FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw Missing(id);

    private static NotFoundException Missing(int id) => new($"There is no invoice {id}.");

    private static void Apply(Invoice invoice, InvoiceInput i)
    {
        var v = new Validation();
        if (i.ProjectId.HasValue) invoice.ProjectId = i.ProjectId.Value;
        if (i.DueDate.HasValue) invoice.DueDate = i.DueDate.Value;
        if (i.Notes.HasValue) invoice.Notes = string.IsNullOrWhiteSpace(i.Notes.Value) ? null : i.Notes.Value.Trim();
        v.MaxLength("notes", invoice.Notes, 4000).ThrowIfInvalid();
    }

    /// <summary>The lines sent, checked, with the default tax rate where none is given; null when items are absent.</summary>
    private async Task<List<InvoiceItemInput>?> LinesAsync(InvoiceInput input, CancellationToken ct)
    {
        if (!input.Items.HasValue) return null;
        var items = input.Items.Value ?? [];
        var defaultRate = items.Any(x => x?.TaxRate is null) ? await setup.DefaultRateAsync(ct) : 0m;
        var v = new Validation();
        v.Check(items.Count <= MaxItems, "items", $"At most {MaxItems} lines.");
        for (var n = 0; n < items.Count; n++)
        {
            var x = items[n];
            var f = $"items[{n}]";
            if (x is null) { v.Add(f, "A line is an object."); continue; }
            if (x.SessionId is not null && x.Description is null) continue; // checked with its session
            v.CheckLine(f, x.Description, x.Quantity, x.UnitPrice, x.TaxRate);
        }
        v.Check(items.Select(x => x?.SessionId).OfType<int>().GroupBy(id => id).All(g => g.Count() == 1), "items", "A session is billed on one line.");
        v.ThrowIfInvalid();
        return items.Select(x => x with { Description = x.Description?.Trim(), TaxRate = x.TaxRate ?? defaultRate }).ToList();
    }

    /// <summary>Replaces the lines, recomputes the totals and claims the sessions billed (inside the write transaction):
    /// a session must be a completed session of the invoice's client that no other invoice bills.</summary>
    private async Task SetItemsAsync(Invoice invoice, List<InvoiceItemInput>? lines, CancellationToken ct)
    {
        if (lines is null)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        var sessionIds = lines.Select(l => l.SessionId).OfType<int>().ToList();
        var found = sessionIds.Count == 0 ? [] : await sessions.CompletedOfClientAsync(invoice.ClientId, sessionIds, ct);
        var claimed = await db.InvoiceSessions.AsNoTracking().Where(x => sessionIds.Contains(x.SessionId) && x.InvoiceId != invoice.Id).ToListAsync(ct);
        var v = new Validation();
        for (var n = 0; n < lines.Count; n++)
        {
            if (lines[n].SessionId is not { } id) continue;
            if (found.FirstOrDefault(s => s.Id == id) is not { } session)
                v.Add($"items[{n}].sessionId", $"Session {id} is not a completed session of this client.");
            else if (lines[n].Description is null)
                lines[n] = SessionLine(session, lines[n].TaxRate!.Value);
        }
        v.ThrowIfInvalid();
        if (claimed.Count > 0)
        {
            var numbers = await db.Invoices.AsNoTracking().Where(i => claimed.Select(c => c.InvoiceId).Contains(i.Id))
                .ToDictionaryAsync(i => i.Id, i => i.Number ?? $"draft {i.Id}", ct);
            throw new ConflictException(string.Join(" ", claimed.Select(c => $"Session {c.SessionId} is already billed on invoice {numbers[c.InvoiceId]}.")),
                new { sessionIds = claimed.Select(c => c.SessionId).ToList() });
        }

        var totals = InvoiceTotals.Of(lines.Select(l => new TotalsLine(l.Quantity!.Value, l.UnitPrice!.Value, l.TaxRate!.Value)));
        db.InvoiceItems.RemoveRange(invoice.Items);
        invoice.Items = lines.Select((l, n) => new InvoiceItem
        {
            Position = n + 1, Description = l.Description!, Quantity = l.Quantity!.Value, UnitPrice = l.UnitPrice!.Value,
            TaxRate = l.TaxRate!.Value, Amount = totals.LineAmounts[n], SessionId = l.SessionId,
        }).ToList();
        (invoice.Subtotal, invoice.TaxTotal, invoice.Total) = (totals.Subtotal, totals.TaxTotal, totals.Total);
        if (invoice.Id != 0) await db.InvoiceSessions.Where(x => x.InvoiceId == invoice.Id).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        db.InvoiceSessions.AddRange(sessionIds.Select(id => new InvoiceSession { SessionId = id, InvoiceId = invoice.Id }));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A session as a line: "12 Mar 2026 · Live room · 3 h · Drums". The hours at the hourly rate the price
    /// works out to when that rate is exact to the cent; otherwise (a half-day or day rate, a price set by hand) one
    /// unit at the session's price, so the line always equals what the session cost.</summary>
    private InvoiceItemInput SessionLine(SessionDto s, decimal taxRate)
    {
        var hours = Hours(s);
        var price = s.Price ?? 0m;
        var description = $"{StudioTime.Date(s.Start, tenant.Studio.TimeZone)} · {s.RoomName} · {hours:0.##} h · {s.Title}";
        var rate = hours > 0 ? Math.Round(price / hours, 2) : price;
        return hours > 0 && InvoiceTotals.Cents(rate * hours) == price
            ? new InvoiceItemInput(description, hours, rate, taxRate, s.Id)
            : new InvoiceItemInput(description, 1, price, taxRate, s.Id);
    }

    private static decimal Hours(SessionDto s) => Math.Round((decimal)(s.End - s.Start).TotalMinutes / 60m, 3);

    private async Task<Client> ClientAsync(int id, CancellationToken ct)
    {
        try { return await clients.FindAsync(id, ct); }
        catch (NotFoundException) { throw new ValidationFailedException("clientId", $"There is no client {id}."); }
    }

    private async Task<InvoiceDto> DtoAsync(Invoice invoice, CancellationToken ct) => (await ToDtosAsync([invoice], ct))[0];

    private async Task<List<InvoiceDto>> ToDtosAsync(IReadOnlyList<Invoice> invoices, CancellationToken ct)
    {
        if (invoices.Count == 0) return []; // an empty page needs no names nor quotes
        var names = await clients.NamesAsync(invoices.Select(i => i.ClientId).Distinct().ToList(), ct);
        var ids = invoices.Select(i => i.Id).ToList();
        var quotes = await db.Quotes.AsNoTracking().Where(q => q.InvoiceId != null && ids.Contains(q.InvoiceId.Value))
            .ToDictionaryAsync(q => q.InvoiceId!.Value, q => (q.Id, q.Number), ct);
        var today = Today();
        return invoices.Select(i =>
        {
            var items = i.Items.OrderBy(x => x.Position).ToList();
            var totals = InvoiceTotals.Of(items.Select(x => new TotalsLine(x.Quantity, x.UnitPrice, x.TaxRate)));
            var balance = i.Status == InvoiceStatus.Void ? 0 : i.Total - i.AmountPaid;
            return new InvoiceDto(i.Id, i.Number, i.Status, InvoiceLifecycle.IsOverdue(i.Status, i.DueDate, balance, today), i.ClientId,
                names.GetValueOrDefault(i.ClientId, ""), i.ProjectId, i.Currency, i.IssueDate, i.DueDate, i.Notes,
                items.Select(x => new InvoiceItemDto(x.Id, x.Description, x.Quantity, x.UnitPrice, x.TaxRate, x.Amount, x.SessionId)).ToList(),
                totals.TaxLines, i.Subtotal, i.TaxTotal, i.Total, i.AmountPaid, balance, i.CreatedAt, i.UpdatedAt, i.IssuedAt, i.VoidedAt,
                quotes.TryGetValue(i.Id, out var quote) ? quote.Id : null, quote.Number);
        }).ToList();
    }

    private static PaymentDto PaymentDtoOf(Payment p) => new(p.Id, p.InvoiceId, p.Amount, p.Date, p.Method, p.Reference, p.CreatedAt);

    private static InvoiceStatus? ParseStatus(string? status) =>
        status?.Replace("_", "") is { } name ? Validation.ParseEnum<InvoiceStatus>("status", name) : null;

    /// <summary>The studio's calendar day now.</summary>
    private DateOnly Today() => StudioTime.Today(clock, tenant.Studio.TimeZone);

    private DateTime Now() => clock.StoredUtcNow();
}
