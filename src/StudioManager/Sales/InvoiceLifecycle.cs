namespace StudioManager.Sales;

/// <summary>The invoice state machine, in one place: draft → issued → partially_paid → paid (payments move an issued
/// invoice along, and removing one moves it back); an issued invoice without payments may be voided (it keeps its
/// number). Only drafts are edited or deleted. Overdue is derived: issued or partly paid, due date passed, a balance
/// left.</summary>
public static class InvoiceLifecycle
{
    public static bool IsEditable(InvoiceStatus status) => status == InvoiceStatus.Draft;

    public static bool CanIssue(InvoiceStatus status) => status == InvoiceStatus.Draft;

    /// <summary>Money received stays on record: an invoice with payments is not voided until they are removed.</summary>
    public static bool CanVoid(InvoiceStatus status) => status == InvoiceStatus.Issued;

    /// <summary>Payments are recorded (and removed) on issued invoices that are not void.</summary>
    public static bool TakesPayments(InvoiceStatus status) => status is InvoiceStatus.Issued or InvoiceStatus.PartiallyPaid or InvoiceStatus.Paid;

    /// <summary>Where the payments leave an issued invoice. Nothing owed is paid (a zero invoice is paid at issue), so
    /// an issued or partially paid invoice always has a balance.</summary>
    public static InvoiceStatus AfterPayments(decimal total, decimal paid) =>
        paid >= total ? InvoiceStatus.Paid : paid <= 0 ? InvoiceStatus.Issued : InvoiceStatus.PartiallyPaid;

    public static bool IsOverdue(InvoiceStatus status, DateOnly? dueDate, decimal balanceDue, DateOnly today) =>
        status is InvoiceStatus.Issued or InvoiceStatus.PartiallyPaid && dueDate < today && balanceDue > 0;

    /// <summary>The refusal (409) of an action the status does not allow.</summary>
    public static string Refusal(InvoiceStatus status, string action) =>
        $"This invoice is {Name(status)}: it cannot be {action}.";

    public static string Name(InvoiceStatus status) => status == InvoiceStatus.PartiallyPaid ? "partially_paid" : status.ToString().ToLowerInvariant();

    /// <summary>"INV-2026-0007": the prefix, the year and the number in that year (at least 4 digits).</summary>
    public static string Format(string prefix, int year, int number) => $"{prefix}-{year}-{number:D4}";
}
