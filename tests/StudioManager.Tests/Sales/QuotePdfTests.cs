using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MimeKit;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Invoicing;
using static StudioManager.Tests.Sales.Quoting;

namespace StudioManager.Tests.Sales;

/// <summary>The quote's PDF, drawn by the renderer invoices use, read back by poppler (pdftotext for the text,
/// pdfimages for the studio's logo), and sent by email with it attached.</summary>
public abstract class QuotePdfTests(StudioAppFactory app)
{
    // A 3 × 2 PNG (RGB): the logo's size is found again in the PDF.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGM4IScHQQxwFgBBAAYZPEVBlgAAAABJRU5ErkJggg==");

    /// <summary>The images of the PDF as pdfimages lists them: "width height" of each, masks left out.</summary>
    private static async Task<List<string>> ImagesAsync(byte[] pdf)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, pdf);
            using var process = Process.Start(new ProcessStartInfo("pdfimages", ["-list", file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"pdfimages: exit {process.ExitCode}, {await process.StandardError.ReadToEndAsync()}");
            // page num type width height …: two header lines.
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(c => c[2] == "image").Select(c => $"{c[3]} {c[4]}").ToList();
        }
        finally { File.Delete(file); }
    }

    private async Task<(StudioSession Studio, int Client, string Email)> StudioWithLogoAsync()
    {
        var s = await app.RegisterStudioAsync("Blue Room Studios");
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api(), new
        {
            addressLine1 = "12 Abbey Road", city = "London", vatNumber = "GB123456789", bankIban = "GB33BUKB20201555555555",
        }));
        var logo = new MultipartFormDataContent();
        var file = new ByteArrayContent(Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        logo.Add(file, "file", "logo.png");
        await StudioApi.EnsureAsync(await s.Http.PutAsync(s.Api("/logo"), logo));
        var email = StudioApi.NewEmail("client");
        var client = Id(await Clients.ClientApiTests.CreateClientAsync(s, new { name = "Zoë & The Ünicodes", email }));
        return (s, client, email);
    }

    [Fact]
    public async Task ShouldRenderTheNumberLinesTotalsAndTheLogo()
    {
        var (s, client, _) = await StudioWithLogoAsync();
        var quote = await QuoteAsync(s, client, Line("Tracking drums — day 1", 2.5m, 40m, 20), Line("Mastering", 1, 99.99m, 5.5m),
            Line("Stems", 3, 12.345m, 20));
        var number = quote.GetProperty("number").GetString()!;

        var response = await s.Http.GetAsync(s.Api($"/quotes/{Id(quote)}/pdf"));

        await StudioApi.EnsureAsync(response);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{number}.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var text = await InvoicePdfTests.PdfTextAsync(pdf);
        Assert.Contains($"Draft quote {number}", text);
        Assert.Contains("Blue Room Studios", text);
        Assert.Contains("VAT GB123456789", text);
        Assert.Contains("IBAN GB33BUKB20201555555555", text);
        Assert.Contains("Quote for", text);
        Assert.Contains("Zoë & The Ünicodes", text);
        Assert.Contains("Valid for 30 days from sending.", text);
        Assert.Matches(@"Tracking drums — day 1\s+2\.5\s+40\.00\s+20 %\s+100\.00", text);
        Assert.Matches(@"Mastering\s+1\s+99\.99\s+5\.5 %\s+99\.99", text);
        Assert.Matches(@"Stems\s+3\s+12\.345\s+20 %\s+37\.04", text);
        Assert.Matches(@"Subtotal\s+237\.03", text);
        Assert.Matches(@"Tax 5\.5 % on 99\.99\s+5\.50", text);
        Assert.Matches(@"Tax 20 % on 137\.04\s+27\.41", text);
        Assert.Matches(@"Total EUR\s+269\.94", text);
        Assert.DoesNotContain("Balance due", text);
        Assert.Equal(["3 2"], await ImagesAsync(pdf));
    }

    [Fact]
    public async Task ShouldDrawTheLogoOnTheContractToo()
    {
        var (s, client, _) = await StudioWithLogoAsync();
        var contract = Id(await Contracting.DraftAsync(s, client));

        var pdf = await s.Http.GetByteArrayAsync(s.Api($"/contracts/{contract}/pdf"));

        Assert.Equal(["3 2"], await ImagesAsync(pdf));
        var text = await InvoicePdfTests.PdfTextAsync(pdf);
        Assert.Contains("Blue Room Studios", text);
        Assert.Contains("VAT GB123456789", text);
    }

    [Fact]
    public async Task ShouldDrawTheLogoOnTheInvoiceToo()
    {
        var (s, client, _) = await StudioWithLogoAsync();
        var invoice = await IssuedAsync(s, client, Line("Mixing", 1, 100m));

        var pdf = await s.Http.GetByteArrayAsync(s.Api($"/invoices/{Id(invoice)}/pdf"));

        Assert.Equal(["3 2"], await ImagesAsync(pdf));
        Assert.Matches(@"Balance due EUR\s+120\.00", await InvoicePdfTests.PdfTextAsync(pdf));
        await StudioApi.EnsureAsync(await s.Http.DeleteAsync(s.Api("/logo")));
        Assert.Empty(await ImagesAsync(await s.Http.GetByteArrayAsync(s.Api($"/invoices/{Id(invoice)}/pdf"))));
    }

    [Fact]
    public async Task ShouldEmailTheQuoteWithItsPdfAttachedAndMarkItSent()
    {
        var (s, client, email) = await StudioWithLogoAsync();
        var id = Id(await QuoteAsync(s, client, Line("Mixing", 1, 100m)));
        var number = (await GetAsync(s, $"/quotes/{id}")).GetProperty("number").GetString()!;
        var bad = await s.Http.PostAsJsonAsync(s.Api($"/quotes/{id}/send"), new { to = "not an address" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("draft", (await GetAsync(s, $"/quotes/{id}")).GetProperty("status").GetString());

        var response = await s.Http.PostAsync(s.Api($"/quotes/{id}/send"), null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(email, (await response.ReadJsonAsync()).GetProperty("to").GetString());
        var quote = await GetAsync(s, $"/quotes/{id}");
        Assert.Equal("sent", quote.GetProperty("status").GetString());
        var mail = await app.Smtp.WaitForAsync(email, m => m.Subject?.Contains(number) == true);
        Assert.Equal($"Quote {number} from Blue Room Studios", mail.Subject);
        Assert.Contains("120.00 EUR", mail.TextBody);
        var pdf = Assert.Single(mail.Attachments.OfType<MimePart>());
        Assert.Equal($"{number}.pdf", pdf.FileName);
        Assert.Equal("application/pdf", pdf.ContentType.MimeType);
        using var content = new MemoryStream();
        await pdf.Content!.DecodeToAsync(content);
        var text = await InvoicePdfTests.PdfTextAsync(content.ToArray());
        Assert.Contains($"Quote {number}", text);
        Assert.DoesNotContain("Draft", text);
        Assert.Contains("Valid until: " + DateOnly.Parse(quote.GetProperty("validUntil").GetString()!).ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture), text);
        Assert.Matches(@"Total EUR\s+120\.00", text);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class QuotePdfTests_Sqlite(SqliteAppFactory app) : QuotePdfTests(app);

[Collection(PostgresCollection.Name)]
public sealed class QuotePdfTests_Postgres(PostgresAppFactory app) : QuotePdfTests(app);
