using StudioManager.Sales;

namespace StudioManager.Tests.Unit;

public sealed class InvoiceRulesTests
{
    private static InvoiceTotals Totals(params (decimal Quantity, decimal UnitPrice, decimal Rate)[] lines) =>
        InvoiceTotals.Of(lines.Select(l => new TotalsLine(l.Quantity, l.UnitPrice, l.Rate)));

    // PRODUCT.md §5's three examples.
    [Theory]
    [InlineData("100.00", "20", "20.00", "120.00")]
    [InlineData("99.99", "10", "10.00", "109.99")]
    [InlineData("123.45", "20", "24.69", "148.14")]
    public void ShouldComputeTheProductsExamples(string net, string rate, string tax, string total)
    {
        var t = Totals((1, decimal.Parse(net), decimal.Parse(rate)));
        Assert.Equal(decimal.Parse(net), t.Subtotal);
        Assert.Equal(decimal.Parse(tax), t.TaxTotal);
        Assert.Equal(decimal.Parse(total), t.Total);
    }

    [Fact]
    public void ShouldRoundEachLineToCentsHalfAwayFromZero()
    {
        // 3 × 0.125 = 0.375 → 0.38 (banker's rounding would give 0.38 too; 0.625 tells them apart: 0.63, not 0.62).
        var t = Totals((3, 0.125m, 0), (5, 0.125m, 0), (-1, 0.005m, 0));
        Assert.Equal([0.38m, 0.63m, -0.01m], t.LineAmounts);
        Assert.Equal(1.00m, t.Subtotal);
    }

    [Fact]
    public void ShouldTaxEachRateOnTheSumOfItsLinesNotLineByLine()
    {
        // Three lines of 0.05 at 10 %: per line 0.005 → 0.01 each (0.03); on the sum 0.15 → 0.015 → 0.02.
        var t = Totals((1, 0.05m, 10), (1, 0.05m, 10), (1, 0.05m, 10));
        Assert.Equal(0.02m, t.TaxTotal);
        Assert.Equal(0.17m, t.Total);
    }

    [Fact]
    public void ShouldGiveTheTaxOfEachRateOnAMultiRateInvoice()
    {
        var t = Totals((2.5m, 40m, 20), (1, 99.99m, 5.5m), (3, 12.345m, 20), (1, 50m, 0), (1, 10m, 5.5m));
        // 20 %: 100.00 + 37.04 (3 × 12.345 = 37.035 → 37.04) = 137.04 → tax 27.408 → 27.41
        // 5.5 %: 99.99 + 10.00 = 109.99 → tax 6.04945 → 6.05
        // 0 %: 50.00 → 0
        Assert.Equal([new TaxLine(0, 50.00m, 0), new TaxLine(5.5m, 109.99m, 6.05m), new TaxLine(20, 137.04m, 27.41m)], t.TaxLines);
        Assert.Equal(297.03m, t.Subtotal);
        Assert.Equal(33.46m, t.TaxTotal);
        Assert.Equal(330.49m, t.Total);
    }

    [Fact]
    public void ShouldRoundADiscountLineAwayFromZeroToo()
    {
        var t = Totals((1, 200m, 20), (1, -20.005m, 20));
        Assert.Equal(-20.01m, t.LineAmounts[1]);
        Assert.Equal(179.99m, t.Subtotal);
        Assert.Equal(36.00m, t.TaxTotal); // 35.998
    }

    [Theory]
    [InlineData(100, 0, InvoiceStatus.Issued)]
    [InlineData(100, 0.01, InvoiceStatus.PartiallyPaid)]
    [InlineData(100, 99.99, InvoiceStatus.PartiallyPaid)]
    [InlineData(100, 100, InvoiceStatus.Paid)]
    [InlineData(0, 0, InvoiceStatus.Paid)]
    public void ShouldDeriveTheStatusFromThePayments(decimal total, decimal paid, InvoiceStatus expected) =>
        Assert.Equal(expected, InvoiceLifecycle.AfterPayments(total, paid));

    [Fact]
    public void ShouldAllowEditsIssueAndVoidOnlyFromTheirStates()
    {
        foreach (var status in Enum.GetValues<InvoiceStatus>())
        {
            Assert.Equal(status == InvoiceStatus.Draft, InvoiceLifecycle.IsEditable(status));
            Assert.Equal(status == InvoiceStatus.Draft, InvoiceLifecycle.CanIssue(status));
            Assert.Equal(status == InvoiceStatus.Issued, InvoiceLifecycle.CanVoid(status));
            Assert.Equal(status is InvoiceStatus.Issued or InvoiceStatus.PartiallyPaid or InvoiceStatus.Paid, InvoiceLifecycle.TakesPayments(status));
        }
    }

    [Fact]
    public void ShouldBeOverdueOnlyWhenIssuedPastItsDueDateWithABalance()
    {
        var today = new DateOnly(2030, 6, 10);
        Assert.True(InvoiceLifecycle.IsOverdue(InvoiceStatus.Issued, today.AddDays(-1), 10, today));
        Assert.True(InvoiceLifecycle.IsOverdue(InvoiceStatus.PartiallyPaid, today.AddDays(-1), 10, today));
        Assert.False(InvoiceLifecycle.IsOverdue(InvoiceStatus.Issued, today, 10, today));
        Assert.False(InvoiceLifecycle.IsOverdue(InvoiceStatus.Paid, today.AddDays(-1), 0, today));
        Assert.False(InvoiceLifecycle.IsOverdue(InvoiceStatus.Void, today.AddDays(-1), 10, today));
        Assert.False(InvoiceLifecycle.IsOverdue(InvoiceStatus.Draft, today.AddDays(-1), 10, today));
    }

    [Fact]
    public void ShouldFormatNumbersWithThePrefixTheYearAndFourDigits()
    {
        Assert.Equal("INV-2026-0007", InvoiceLifecycle.Format("INV", 2026, 7));
        Assert.Equal("F-2026-12345", InvoiceLifecycle.Format("F", 2026, 12345));
    }
}
