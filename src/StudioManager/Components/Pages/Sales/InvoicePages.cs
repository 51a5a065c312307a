using System.Globalization;
using StudioManager.Sales;

namespace StudioManager.Components.Pages.Sales;

/// <summary>How the invoice pages write statuses, money and dates.</summary>
public static class InvoicePages
{
    public static string Label(InvoiceStatus status) => status switch
    {
        InvoiceStatus.PartiallyPaid => "Partially paid",
        _ => status.ToString(),
    };

    /// <summary>The API's name of a status ("partially_paid"), as the list's filter takes it.</summary>
    public static string Snake(InvoiceStatus status) => InvoiceLifecycle.Name(status);

    public static string Label(PaymentMethod method) => method switch
    {
        PaymentMethod.BankTransfer => "Bank transfer",
        _ => method.ToString(),
    };

    public static string Money(decimal amount, string currency) => $"{amount.ToString("#,##0.00", CultureInfo.InvariantCulture)} {currency}";

    public static string Date(DateOnly? date) => date?.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? "—";
}
