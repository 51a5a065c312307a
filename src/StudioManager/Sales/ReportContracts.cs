namespace StudioManager.Sales;

/// <summary>A report's range: from and to, studio calendar days, both included.</summary>
public sealed record ReportRange(DateOnly From, DateOnly To);

/// <summary>Revenue of one month ("2026-03") in one currency. Invoiced: the invoices issued that month (by issue date,
/// a studio calendar day), void ones left out: net (before tax), tax and total. Received: the payments dated that
/// month, whatever the invoice's month.</summary>
public sealed record RevenueMonth(string Month, string Currency, int Invoices, decimal InvoicedNet, decimal InvoicedTax, decimal InvoicedTotal,
    decimal Received);

public sealed record RevenueReport(DateOnly From, DateOnly To, IReadOnlyList<RevenueMonth> Months, IReadOnlyList<RevenueMonth> Totals);

/// <summary>Profit of one month in one currency, before tax on both sides: the net invoiced (as in the revenue report)
/// less the expenses dated that month (their amount net of tax, pending or paid).</summary>
public sealed record ProfitMonth(string Month, string Currency, decimal Revenue, decimal Expenses, decimal Profit);

public sealed record ProfitReport(DateOnly From, DateOnly To, IReadOnlyList<ProfitMonth> Months, IReadOnlyList<ProfitMonth> Totals);

/// <summary>Expenses of one category (null: all of them) in one currency over the range: count, amount (net), tax and total.</summary>
public sealed record ExpenseCategoryTotal(ExpenseCategory? Category, string Currency, int Count, decimal Amount, decimal Tax, decimal Total);

public sealed record ExpenseReport(DateOnly From, DateOnly To, IReadOnlyList<ExpenseCategoryTotal> Categories, IReadOnlyList<ExpenseCategoryTotal> Totals);

/// <summary>What one client (ClientId null: all clients) owes in one currency on issued and partly paid invoices, by
/// days past due on the report's day: not yet due (Current), 0–30 (due today up to 30 days late), 31–60, 61–90,
/// over 90.</summary>
public sealed record ReceivableRow(int? ClientId, string ClientName, string Currency, int Invoices, decimal Current, decimal Days0To30,
    decimal Days31To60, decimal Days61To90, decimal Over90, decimal Total);

public sealed record ReceivablesReport(DateOnly AsOf, IReadOnlyList<ReceivableRow> Clients, IReadOnlyList<ReceivableRow> Totals);

/// <summary>One room over the range: hours booked by its confirmed, in-progress and completed sessions (the part of each
/// inside the range, turnover buffers left out) against every hour of the range (24 a day, 23 or 25 on the days the
/// clocks change), and the ratio as a percent to two decimals.</summary>
public sealed record RoomUtilization(int RoomId, string RoomName, int Sessions, decimal BookedHours, decimal AvailableHours, decimal Percent);

public sealed record UtilizationReport(DateOnly From, DateOnly To, IReadOnlyList<RoomUtilization> Rooms);
