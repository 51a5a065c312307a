using System.Diagnostics;
using StudioManager.Clients;
using StudioManager.Platform;
using StudioManager.Sales;

/// <summary>(e) PDF of a 50-line invoice: the median of N renders (after warm-up) and renders per second, one thread
/// and all cores.</summary>
public static class InvoicePdfBench
{
    public static void Run(int runs)
    {
        var (studio, client, invoice) = Sample(50);
        for (var i = 0; i < 10; i++) SalesPdf.Render(studio, null, client, InvoiceDocuments.Document(invoice));
        var times = new List<double>();
        var size = 0;
        // CPU time as well as wall time: on a machine shared with other work, the wall time includes waiting for a core.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            size = SalesPdf.Render(studio, null, client, InvoiceDocuments.Document(invoice)).Length;
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        var cpuPerRender = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / runs;
        times.Sort();
        Console.WriteLine($"50-line invoice, {runs} renders ({size / 1024} KiB each): median {times[times.Count / 2]:0.00} ms, " +
                          $"p95 {times[(int)(times.Count * 0.95)]:0.00} ms, min {times[0]:0.00}, max {times[^1]:0.00}");
        Console.WriteLine($"CPU time per render (process, mean): {cpuPerRender:0.00} ms");
        Console.WriteLine($"one thread: {1000 / times.Average():0} renders/s");
        var all = Stopwatch.StartNew();
        Parallel.For(0, runs * 2, _ => SalesPdf.Render(studio, null, client, InvoiceDocuments.Document(invoice)));
        Console.WriteLine($"{Environment.ProcessorCount} cores: {runs * 2 / all.Elapsed.TotalSeconds:0} renders/s");
    }

    private static (StudioSettingsDto, ClientDto, InvoiceDto) Sample(int lines)
    {
        var now = DateTime.UtcNow;
        var studio = new StudioSettingsDto(1, "bench-studio", "Bench Studio", "Europe/Paris", "EUR", "en", "12 Abbey Road", null, "London", "NW8 9AY",
            "United Kingdom", "hello@bench.example", "+44 20 0000 0000", "GB123456789", "Studio Bank", "GB33BUKB20201555555555", "BUKBGB22",
            null, "pro", "active", null, null, 24);
        var client = new ClientDto(1, ClientType.Company, "The Bench Band", "Benchers", "Bench Records Ltd", "band@bench.example", null, null, null,
            "1 Long Street", null, "Bristol", "BS1 1AA", "United Kingdom", null, [], [], "EUR", null, 30, null, false, true, false, now, now);
        var items = Enumerable.Range(1, lines).Select(n => new InvoiceItemDto(n, $"Session {n}: tracking and editing, room A, {n % 8 + 1} h",
            n % 8 + 1, 45.5m + n, n % 3 == 0 ? 5.5m : 20m, InvoiceTotals.Cents((n % 8 + 1) * (45.5m + n)), null)).ToList();
        var totals = InvoiceTotals.Of(items.Select(i => new TotalsLine(i.Quantity, i.UnitPrice, i.TaxRate)));
        var invoice = new InvoiceDto(1, "INV-2026-0001", InvoiceStatus.Issued, false, 1, client.Name, null, "EUR", DateOnly.FromDateTime(now),
            DateOnly.FromDateTime(now).AddDays(30), "Thank you for recording with us.", items, totals.TaxLines, totals.Subtotal, totals.TaxTotal,
            totals.Total, 0, totals.Total, now, now, now, null, null, null);
        return (studio, client, invoice);
    }
}
