using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Time;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;
using StudioManager.Scheduling;

namespace StudioManager.Sales;

/// <summary>The studio's reports: revenue and profit by month, receivables by age, expenses by category, room
/// utilisation. Money is reported per currency (never converted) and summed by the database in exact decimals (SQLite
/// through EF's ef_sum); months are the studio's calendar months (issue, payment and expense dates are studio days).</summary>
public sealed class ReportService(TenantDbContext db, TimeProvider clock, CurrentTenant tenant, ClientService clients)
{
    /// <summary>The longest range a report covers (ten years).</summary>
    public const int MaxDays = 3660;

    [RequiresPermission(Permission.ViewMoney)]
    public async Task<RevenueReport> RevenueAsync(DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var range = Range(from, to);
        var invoiced = await InvoicedAsync(range, ct);
        var received = await db.Payments.AsNoTracking().Where(p => p.Date >= range.From && p.Date <= range.To)
            .Join(db.Invoices, p => p.InvoiceId, i => i.Id, (p, i) => new { p.Date, p.Amount, i.Currency })
            .GroupBy(x => new { x.Date.Year, x.Date.Month, x.Currency })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Currency, Amount = g.Sum(x => x.Amount) })
            .ToListAsync(ct);
        var months = (from currency in Currencies(invoiced.Select(x => x.Currency).Concat(received.Select(x => x.Currency)))
                      from month in Months(range)
                      let i = invoiced.FirstOrDefault(x => x.Currency == currency && x.Year == month.Year && x.Month == month.Month)
                      let r = received.FirstOrDefault(x => x.Currency == currency && x.Year == month.Year && x.Month == month.Month)
                      select new RevenueMonth(MonthName(month), currency, i?.Count ?? 0, i?.Net ?? 0, i?.Tax ?? 0, i?.Total ?? 0, r?.Amount ?? 0)).ToList();
        var totals = months.GroupBy(m => m.Currency).Select(g => new RevenueMonth("total", g.Key, g.Sum(m => m.Invoices), g.Sum(m => m.InvoicedNet),
            g.Sum(m => m.InvoicedTax), g.Sum(m => m.InvoicedTotal), g.Sum(m => m.Received))).ToList();
        return new RevenueReport(range.From, range.To, months, totals);
    }

    [RequiresPermission(Permission.ViewMoney)]
    public async Task<ProfitReport> ProfitAsync(DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var range = Range(from, to);
        var invoiced = await InvoicedAsync(range, ct);
        var spent = await ExpensesIn(range).GroupBy(x => new { x.Date.Year, x.Date.Month, x.Currency })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Currency, Amount = g.Sum(x => x.Amount) })
            .ToListAsync(ct);
        var months = (from currency in Currencies(invoiced.Select(x => x.Currency).Concat(spent.Select(x => x.Currency)))
                      from month in Months(range)
                      let revenue = invoiced.FirstOrDefault(x => x.Currency == currency && x.Year == month.Year && x.Month == month.Month)?.Net ?? 0
                      let expenses = spent.FirstOrDefault(x => x.Currency == currency && x.Year == month.Year && x.Month == month.Month)?.Amount ?? 0
                      select new ProfitMonth(MonthName(month), currency, revenue, expenses, revenue - expenses)).ToList();
        var totals = months.GroupBy(m => m.Currency).Select(g =>
            new ProfitMonth("total", g.Key, g.Sum(m => m.Revenue), g.Sum(m => m.Expenses), g.Sum(m => m.Profit))).ToList();
        return new ProfitReport(range.From, range.To, months, totals);
    }

    [RequiresPermission(Permission.ViewMoney)]
    public async Task<ExpenseReport> ExpensesAsync(DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var range = Range(from, to);
        var rows = await ExpensesIn(range).GroupBy(x => new { x.Category, x.Currency })
            .Select(g => new { g.Key.Category, g.Key.Currency, Count = g.Count(), Amount = g.Sum(x => x.Amount), Tax = g.Sum(x => x.Tax) })
            .ToListAsync(ct);
        var categories = rows.OrderBy(r => r.Currency).ThenBy(r => r.Category)
            .Select(r => new ExpenseCategoryTotal(r.Category, r.Currency, r.Count, r.Amount, r.Tax, r.Amount + r.Tax)).ToList();
        var totals = categories.GroupBy(c => c.Currency).Select(g => new ExpenseCategoryTotal(null, g.Key, g.Sum(c => c.Count),
            g.Sum(c => c.Amount), g.Sum(c => c.Tax), g.Sum(c => c.Total))).ToList();
        return new ExpenseReport(range.From, range.To, categories, totals);
    }

    /// <summary>Open balances (issued and partly paid invoices) per client and currency, aged on the studio's today.</summary>
    [RequiresPermission(Permission.ViewMoney)]
    public async Task<ReceivablesReport> ReceivablesAsync(CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var today = Today();
        var (d30, d60, d90) = (today.AddDays(-30), today.AddDays(-60), today.AddDays(-90));
        // One grouped query: the bucket is a CASE on the due date, so the database adds up every open invoice.
        var groups = await db.Invoices.AsNoTracking()
            .Where(i => i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.PartiallyPaid)
            .GroupBy(i => new
            {
                i.ClientId, i.Currency,
                Bucket = i.DueDate == null || i.DueDate > today ? 0 : i.DueDate >= d30 ? 1 : i.DueDate >= d60 ? 2 : i.DueDate >= d90 ? 3 : 4,
            })
            .Select(g => new { g.Key.ClientId, g.Key.Currency, g.Key.Bucket, Count = g.Count(), Total = g.Sum(i => i.Total), Paid = g.Sum(i => i.AmountPaid) })
            .ToListAsync(ct);
        var names = await clients.NamesAsync(groups.Select(g => g.ClientId).Distinct().ToList(), ct);
        ReceivableRow Row(int? clientId, string name, string currency, IEnumerable<(int Bucket, int Count, decimal Due)> parts)
        {
            var list = parts.ToList();
            decimal In(int bucket) => list.Where(p => p.Bucket == bucket).Sum(p => p.Due);
            return new ReceivableRow(clientId, name, currency, list.Sum(p => p.Count), In(0), In(1), In(2), In(3), In(4), list.Sum(p => p.Due));
        }
        var rows = groups.GroupBy(g => (g.ClientId, g.Currency))
            .Select(c => Row(c.Key.ClientId, names.GetValueOrDefault(c.Key.ClientId, ""), c.Key.Currency, c.Select(g => (g.Bucket, g.Count, g.Total - g.Paid))))
            .OrderBy(r => r.Currency).ThenByDescending(r => r.Total).ThenBy(r => r.ClientName, StringComparer.CurrentCultureIgnoreCase).ToList();
        var totals = groups.GroupBy(g => g.Currency).OrderBy(c => c.Key)
            .Select(c => Row(null, "All clients", c.Key, c.Select(g => (g.Bucket, g.Count, g.Total - g.Paid)))).ToList();
        return new ReceivablesReport(today, rows, totals);
    }

    /// <summary>Per room: hours booked by confirmed, in-progress and completed sessions against every hour of the range.</summary>
    [RequiresPermission(Permission.ViewMoney)]
    public async Task<UtilizationReport> UtilizationAsync(DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var range = Range(from, to);
        var zone = tenant.Studio.TimeZone;
        var start = StudioTime.ToUtc(range.From.ToDateTime(TimeOnly.MinValue), zone);
        var end = StudioTime.ToUtc(range.To.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        var booked = await db.Sessions.AsNoTracking()
            .Where(s => (s.Status == SessionStatus.Confirmed || s.Status == SessionStatus.InProgress || s.Status == SessionStatus.Completed)
                        && s.StartsAt < end && s.EndsAt > start)
            .Select(s => new { s.RoomId, s.StartsAt, s.EndsAt }).ToListAsync(ct);
        var roomIds = booked.Select(s => s.RoomId).Distinct().ToList();
        var rooms = await db.Rooms.AsNoTracking().Where(r => r.IsActive || roomIds.Contains(r.Id)).OrderBy(r => r.Name).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        var available = Hours((end - start).Ticks);
        return new UtilizationReport(range.From, range.To, rooms.Select(r =>
        {
            var sessions = booked.Where(s => s.RoomId == r.Id).ToList();
            // Ticks are exact: hours are rounded once, at the end.
            var ticks = sessions.Sum(s => ((s.EndsAt < end ? s.EndsAt : end) - (s.StartsAt > start ? s.StartsAt : start)).Ticks);
            var hours = Hours(ticks);
            return new RoomUtilization(r.Id, r.Name, sessions.Count, hours, available,
                Math.Round(ticks * 100m / (end - start).Ticks, 2, MidpointRounding.AwayFromZero));
        }).ToList());
    }

    private sealed record Invoiced(int Year, int Month, string Currency, int Count, decimal Net, decimal Tax, decimal Total);

    /// <summary>Issued invoices (not void) by month of issue and currency.</summary>
    private Task<List<Invoiced>> InvoicedAsync(ReportRange range, CancellationToken ct) =>
        db.Invoices.AsNoTracking()
            .Where(i => i.Status != InvoiceStatus.Draft && i.Status != InvoiceStatus.Void && i.IssueDate >= range.From && i.IssueDate <= range.To)
            .GroupBy(i => new { i.IssueDate!.Value.Year, i.IssueDate.Value.Month, i.Currency })
            .Select(g => new Invoiced(g.Key.Year, g.Key.Month, g.Key.Currency, g.Count(), g.Sum(i => i.Subtotal), g.Sum(i => i.TaxTotal), g.Sum(i => i.Total)))
            .ToListAsync(ct);

    private IQueryable<Expense> ExpensesIn(ReportRange range) =>
        db.Expenses.AsNoTracking().Where(x => x.Date >= range.From && x.Date <= range.To);

    /// <summary>The range asked, checked; absent ends default to the twelve months up to today (studio time): from the
    /// first day of the month eleven months back to today.</summary>
    private ReportRange Range(DateOnly? from, DateOnly? to)
    {
        var end = to ?? Today();
        var start = from ?? new DateOnly(end.Year, end.Month, 1).AddMonths(-11);
        var v = new Validation();
        v.Check(start <= end, "from", "from is on or before to.")
         .Check(end.DayNumber - start.DayNumber < MaxDays, "to", $"A report covers at most {MaxDays} days.")
         .ThrowIfInvalid();
        return new ReportRange(start, end);
    }

    /// <summary>The first day of every month the range touches.</summary>
    private static IEnumerable<DateOnly> Months(ReportRange range)
    {
        for (var m = new DateOnly(range.From.Year, range.From.Month, 1); m <= range.To; m = m.AddMonths(1)) yield return m;
    }

    private static string MonthName(DateOnly month) => $"{month.Year:D4}-{month.Month:D2}";

    /// <summary>The studio's currency first (always reported), then any other the data uses.</summary>
    private IEnumerable<string> Currencies(IEnumerable<string> used) =>
        new[] { tenant.Studio.Currency }.Concat(used.Distinct().Where(c => c != tenant.Studio.Currency).Order()).ToList();

    private static decimal Hours(long ticks) => Math.Round((decimal)ticks / TimeSpan.TicksPerHour, 2, MidpointRounding.AwayFromZero);

    private DateOnly Today() => StudioTime.Today(clock, tenant.Studio.TimeZone);
}
