using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using MimeKit;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Invoicing;

namespace StudioManager.Tests.Sales;

/// <summary>The invoice's PDF read back by a real parser (poppler's pdftotext), and sent by email with it attached.</summary>
public abstract class InvoicePdfTests(StudioAppFactory app)
{
    /// <summary>The PDF's text, laid out as on the page.</summary>
    public static async Task<string> PdfTextAsync(byte[] pdf)
    {
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, pdf);
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"])
                { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0 && error.Length == 0, $"pdftotext: exit {process.ExitCode}, {error}");
            return text;
        }
        finally { File.Delete(file); }
    }

    private async Task<(StudioSession Studio, int Client)> StudioWithDetailsAsync()
    {
        var s = await app.RegisterStudioAsync("Blue Room Studios");
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api(), new
        {
            addressLine1 = "12 Abbey Road", city = "London", postalCode = "NW8 9AY", vatNumber = "GB123456789",
            bankName = "Studio Bank", bankIban = "GB33BUKB20201555555555", bankBic = "BUKBGB22",
        }));
        var client = Id(await Clients.ClientApiTests.CreateClientAsync(s, new { name = "Zoë & The Ünicodes", email = StudioApi.NewEmail("client"), city = "Bristol" }));
        return (s, client);
    }

    [Fact]
    public async Task ShouldRenderTheNumberLinesTotalsPerRateAndStudioDetails()
    {
        var (s, client) = await StudioWithDetailsAsync();
        var invoice = await IssuedAsync(s, client, Line("Tracking drums — day 1", 2.5m, 40m, 20), Line("Mastering", 1, 99.99m, 5.5m),
            Line("Stems", 3, 12.345m, 20));
        await StudioApi.EnsureAsync(await PayAsync(s, Id(invoice), 50m));

        var response = await s.Http.GetAsync(s.Api($"/invoices/{Id(invoice)}/pdf"));

        await StudioApi.EnsureAsync(response);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var number = invoice.GetProperty("number").GetString()!;
        Assert.Equal($"{number}.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var text = await PdfTextAsync(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains($"Invoice {number}", text);
        Assert.Contains("Blue Room Studios", text);
        Assert.Contains("12 Abbey Road", text);
        Assert.Contains("VAT GB123456789", text);
        Assert.Contains("IBAN GB33BUKB20201555555555", text);
        Assert.Contains("Zoë & The Ünicodes", text);
        Assert.Matches(@"Tracking drums — day 1\s+2\.5\s+40\.00\s+20 %\s+100\.00", text);
        Assert.Matches(@"Mastering\s+1\s+99\.99\s+5\.5 %\s+99\.99", text);
        Assert.Matches(@"Stems\s+3\s+12\.345\s+20 %\s+37\.04", text);
        Assert.Matches(@"Subtotal\s+237\.03", text);
        Assert.Matches(@"Tax 5\.5 % on 99\.99\s+5\.50", text);
        Assert.Matches(@"Tax 20 % on 137\.04\s+27\.41", text);
        Assert.Matches(@"Total EUR\s+269\.94", text);
        Assert.Matches(@"Paid\s+50\.00", text);
        Assert.Matches(@"Balance due EUR\s+219\.94", text);
    }

    [Fact]
    public async Task ShouldContinueFiftyLinesOnASecondPage()
    {
        var (s, client) = await StudioWithDetailsAsync();
        var lines = Enumerable.Range(1, 50).Select(n => Line($"Line {n} " + new string('x', n % 7 == 0 ? 120 : 10), 1, n, n % 2 == 0 ? 20 : 10)).ToArray();
        var invoice = await DraftAsync(s, client, lines);

        var text = await PdfTextAsync(await s.Http.GetByteArrayAsync(s.Api($"/invoices/{Id(invoice)}/pdf")));

        Assert.Contains("Draft invoice · page 1 of 2", text);
        Assert.Contains("Draft invoice · page 2 of 2", text);
        foreach (var n in new[] { 1, 25, 48, 50 }) Assert.Matches($@"Line {n} x+\s+1\s+{n}\.00", text);
        Assert.Contains("…", text); // the long descriptions are cut, not run into the numbers
        Assert.Matches(@"Line 49 x+…\s+1\s+49\.00", text);
        Assert.Matches(@"Total EUR\s+1,467\.50", text); // 1,275.00 + 20 % of 650.00 + 10 % of 625.00
    }

    [Fact]
    public async Task ShouldEmailTheInvoiceWithItsPdfAttachedThroughTheOutbox()
    {
        var (s, client) = await StudioWithDetailsAsync();
        var email = (await GetAsync(s, $"/clients/{client}")).GetProperty("email").GetString()!;
        var draft = await DraftAsync(s, client, Line("Mixing", 1, 100m));
        Assert.Equal(HttpStatusCode.Conflict, (await s.Http.PostAsync(s.Api($"/invoices/{Id(draft)}/send"), null)).StatusCode);
        var invoice = await Booking.PostAsync(s, $"/invoices/{Id(draft)}/issue", new { });
        var number = invoice.GetProperty("number").GetString()!;

        var response = await s.Http.PostAsJsonAsync(s.Api($"/invoices/{Id(invoice)}/send"), new { });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(email, (await response.ReadJsonAsync()).GetProperty("to").GetString());
        var mail = await app.Smtp.WaitForAsync(email, m => m.Subject?.Contains(number) == true);
        Assert.Contains("120.00 EUR", mail.TextBody);
        var pdf = Assert.Single(mail.Attachments.OfType<MimePart>());
        Assert.Equal($"{number}.pdf", pdf.FileName);
        Assert.Equal("application/pdf", pdf.ContentType.MimeType);
        using var content = new MemoryStream();
        await pdf.Content!.DecodeToAsync(content);
        var text = await PdfTextAsync(content.ToArray());
        Assert.Contains($"Invoice {number}", text);
        Assert.Matches(@"Total EUR\s+120\.00", text);

        var other = StudioApi.NewEmail("accounts");
        await StudioApi.EnsureAsync(await s.Http.PostAsJsonAsync(s.Api($"/invoices/{Id(invoice)}/send"), new { to = other }));
        Assert.Single((await app.Smtp.WaitForAsync(other)).Attachments);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.PostAsJsonAsync(s.Api($"/invoices/{Id(invoice)}/send"), new { to = "not an address" })).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InvoicePdfTests_Sqlite(SqliteAppFactory app) : InvoicePdfTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InvoicePdfTests_Postgres(PostgresAppFactory app) : InvoicePdfTests(app);
