using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Sales;

/// <summary>The reports, as JSON or, with ?format=csv, as a CSV file of the same rows.</summary>
public static class ReportEndpoints
{
    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/studios/{studio}/reports").StudioScoped()
            .WithTag("Reports", "Revenue and profit by month, receivables by age, expenses by category, room utilisation; JSON or CSV (?format=csv).");
        reports.MapGet("/revenue", Revenue).RequirePermission(Permission.ViewMoney).WithName("GetRevenueReport").ProducesCsv();
        reports.MapGet("/profit", Profit).RequirePermission(Permission.ViewMoney).WithName("GetProfitReport").ProducesCsv();
        reports.MapGet("/expenses", Expenses).RequirePermission(Permission.ViewMoney).WithName("GetExpenseReport").ProducesCsv();
        reports.MapGet("/receivables", Receivables).RequirePermission(Permission.ViewMoney).WithName("GetReceivablesReport").ProducesCsv();
        reports.MapGet("/utilization", Utilization).RequirePermission(Permission.ViewMoney).WithName("GetUtilizationReport").ProducesCsv();
    }

    /// <summary>A report's query string: from and to (studio calendar days, both included; by default the twelve
    /// months up to today), format (json or csv).</summary>
    public sealed record RangeParameters(
        [FromQuery(Name = "from")] DateOnly? From, [FromQuery(Name = "to")] DateOnly? To,
        [FromQuery(Name = "format"), ClosedSet("json", "csv")] string? Format);

    /// <summary>Invoiced (issued, not void, by issue month) and received (payments, by payment month), per month and currency.</summary>
    public static async Task<Results<Ok<RevenueReport>, FileContentHttpResult>> Revenue([AsParameters] RangeParameters p, ReportService reports,
        CurrentTenant tenant, CancellationToken ct)
    {
        var report = await reports.RevenueAsync(p.From, p.To, ct);
        return Answer(p.Format, report, ReportCsv.Of, $"revenue-{tenant.Studio.Slug}-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}");
    }

    /// <summary>Net invoiced less expenses (net of tax), per month and currency.</summary>
    public static async Task<Results<Ok<ProfitReport>, FileContentHttpResult>> Profit([AsParameters] RangeParameters p, ReportService reports,
        CurrentTenant tenant, CancellationToken ct)
    {
        var report = await reports.ProfitAsync(p.From, p.To, ct);
        return Answer(p.Format, report, ReportCsv.Of, $"profit-{tenant.Studio.Slug}-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}");
    }

    /// <summary>Expenses dated in the range, per category and currency.</summary>
    public static async Task<Results<Ok<ExpenseReport>, FileContentHttpResult>> Expenses([AsParameters] RangeParameters p, ReportService reports,
        CurrentTenant tenant, CancellationToken ct)
    {
        var report = await reports.ExpensesAsync(p.From, p.To, ct);
        return Answer(p.Format, report, ReportCsv.Of, $"expenses-{tenant.Studio.Slug}-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}");
    }

    /// <summary>Open balances per client and currency, by days past due today: current, 0–30, 31–60, 61–90, over 90.</summary>
    public static async Task<Results<Ok<ReceivablesReport>, FileContentHttpResult>> Receivables(
        [FromQuery(Name = "format"), ClosedSet("json", "csv")] string? format, ReportService reports, CurrentTenant tenant, CancellationToken ct)
    {
        var report = await reports.ReceivablesAsync(ct);
        return Answer(format, report, ReportCsv.Of, $"receivables-{tenant.Studio.Slug}-{report.AsOf:yyyy-MM-dd}");
    }

    /// <summary>Per room: hours booked (confirmed, in progress, completed) against every hour of the range.</summary>
    public static async Task<Results<Ok<UtilizationReport>, FileContentHttpResult>> Utilization([AsParameters] RangeParameters p, ReportService reports,
        CurrentTenant tenant, CancellationToken ct)
    {
        var report = await reports.UtilizationAsync(p.From, p.To, ct);
        return Answer(p.Format, report, ReportCsv.Of, $"utilization-{tenant.Studio.Slug}-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}");
    }

    private static Results<Ok<T>, FileContentHttpResult> Answer<T>(string? format, T report, Func<T, byte[]> csv, string name) =>
        format switch
        {
            null or "" or "json" => TypedResults.Ok(report),
            "csv" => TypedResults.File(csv(report), "text/csv; charset=utf-8", name + ".csv"),
            _ => throw new StudioManager.Infrastructure.Errors.ValidationFailedException("format", "format is json or csv."),
        };

    private static RouteHandlerBuilder ProducesCsv(this RouteHandlerBuilder route) => route.Produces<string>(StatusCodes.Status200OK, "text/csv");
}
