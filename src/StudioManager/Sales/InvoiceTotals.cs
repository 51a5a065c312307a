namespace StudioManager.Sales;

/// <summary>A line as the totals see it: quantity × unit price at a tax rate (a percent).</summary>
public readonly record struct TotalsLine(decimal Quantity, decimal UnitPrice, decimal TaxRate);

/// <summary>The tax of one rate: the sum of that rate's line amounts and the tax on that sum.</summary>
public sealed record TaxLine(decimal Rate, decimal Net, decimal Tax);

/// <summary>An invoice's totals: each line's amount, the tax per rate, subtotal, tax and total.</summary>
public sealed record InvoiceTotals(IReadOnlyList<decimal> LineAmounts, IReadOnlyList<TaxLine> TaxLines, decimal Subtotal, decimal TaxTotal, decimal Total)
{
    /// <summary>PRODUCT.md §5, the one place it is computed: each line = quantity × unit price rounded to cents; per
    /// tax rate, tax = (sum of that rate's lines) × rate rounded to cents (not a sum of per-line taxes: that is what
    /// the accountant's ledger does); total = subtotal + tax. Rounding is half away from zero.</summary>
    public static InvoiceTotals Of(IEnumerable<TotalsLine> lines)
    {
        var list = lines.ToList();
        var amounts = list.Select(l => Cents(l.Quantity * l.UnitPrice)).ToList();
        var taxLines = list.Zip(amounts, (l, amount) => (l.TaxRate, amount))
            .GroupBy(x => x.TaxRate)
            .OrderBy(g => g.Key)
            .Select(g => { var net = g.Sum(x => x.amount); return new TaxLine(g.Key, net, Cents(net * g.Key / 100m)); })
            .ToList();
        var subtotal = amounts.Sum();
        var tax = taxLines.Sum(t => t.Tax);
        return new InvoiceTotals(amounts, taxLines, subtotal, tax, subtotal + tax);
    }

    /// <summary>Rounded to cents, half away from zero (never banker's rounding).</summary>
    public static decimal Cents(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
