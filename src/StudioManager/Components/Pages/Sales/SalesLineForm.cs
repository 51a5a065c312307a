using StudioManager.Sales;

namespace StudioManager.Components.Pages.Sales;

/// <summary>A draft document (invoice, quote) as its edit page posts it: the lines and the button pressed. The totals
/// are recomputed on every post (add or remove a line, update the totals, save) by the same InvoiceTotals the document
/// is saved with: no script, no interactive circuit.</summary>
public abstract class SalesLinesForm
{
    public List<SalesLineForm> Lines { get; set; } = [];
    /// <summary>add-line, remove-N, totals or save.</summary>
    public string? Action { get; set; }

    /// <summary>Adds or removes a line when that is the button pressed (true then: the page shows the form again).</summary>
    public bool EditLines(Func<SalesLineForm> newLine)
    {
        if (Action == "add-line") { Lines.Add(newLine()); return true; }
        if (Action?.StartsWith("remove-") == true && int.TryParse(Action["remove-".Length..], out var n) && n >= 0 && n < Lines.Count)
        {
            Lines.RemoveAt(n);
            return true;
        }
        return false;
    }

    public InvoiceTotals Totals() => InvoiceTotals.Of(Lines
        .Where(l => l.Quantity is not null && l.UnitPrice is not null)
        .Select(l => new TotalsLine(l.Quantity!.Value, l.UnitPrice!.Value, l.TaxRate ?? 0)));
}

public sealed class SalesLineForm
{
    public string? Description { get; set; }
    public decimal? Quantity { get; set; }
    public decimal? UnitPrice { get; set; }
    public decimal? TaxRate { get; set; }
    /// <summary>Invoices only: the session the line bills.</summary>
    public int? SessionId { get; set; }

    public decimal? Amount => Quantity is { } q && UnitPrice is { } p ? InvoiceTotals.Cents(q * p) : null;

    /// <summary>A new line: one unit at the studio's default tax rate.</summary>
    public static SalesLineForm New(IEnumerable<TaxRateDto> rates) => new() { Quantity = 1, TaxRate = rates.FirstOrDefault(r => r.IsDefault)?.Rate ?? 0 };
}
