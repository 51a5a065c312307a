using System.Net;
using System.Net.Http.Json;
using MimeKit;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Contracting;
using static StudioManager.Tests.Sales.Invoicing;

namespace StudioManager.Tests.Sales;

/// <summary>The contract's PDF read back by pdftotext, and sent by email with it attached.</summary>
public abstract class ContractPdfTests(StudioAppFactory app)
{
    private async Task<(StudioSession Studio, int Client, string Email)> StudioWithDetailsAsync()
    {
        var s = await app.RegisterStudioAsync("Blue Room Studios");
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api(), new { addressLine1 = "12 Abbey Road", city = "London", postalCode = "NW8 9AY", vatNumber = "GB123456789" }));
        var email = StudioApi.NewEmail("client");
        var client = Id(await Clients.ClientApiTests.CreateClientAsync(s, new { name = "Zoë & The Ünicodes", email, city = "Bristol" }));
        return (s, client, email);
    }

    [Fact]
    public async Task ShouldWrapTheTermsOverPagesAndPrintTheSignatureRecord()
    {
        var (s, client, _) = await StudioWithDetailsAsync();
        var words = Enumerable.Range(1, 120).Select(n => $"w{n:D3}").ToList();
        var clauses = Enumerable.Range(1, 90).Select(n => $"Clause {n}. The studio and the artist agree on point number {n}.");
        var terms = string.Join(" ", words) + "\n\n" + string.Join("\n", clauses) + "\nThe last clause.";
        var id = Id(await Booking.PostAsync(s, "/contracts", new { clientId = client, title = "Album recording", type = "recording", terms, value = 1500, startDate = "2030-03-01" }));
        await StudioApi.EnsureAsync(await ActAsync(s, id, "send", new { }));
        var (status, body) = await SignFromAsync(app, s, id, "Zoë Martins", "198.51.100.23");
        Assert.True(status == 200, body);
        var contract = await GetAsync(s, $"/contracts/{id}");
        var number = contract.GetProperty("number").GetString()!;

        var response = await s.Http.GetAsync(s.Api($"/contracts/{id}/pdf"));

        await StudioApi.EnsureAsync(response);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{number}.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var text = await InvoicePdfTests.PdfTextAsync(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains($"Contract {number}", text);
        Assert.Contains("Blue Room Studios", text);
        Assert.Contains("12 Abbey Road", text);
        Assert.Contains("VAT GB123456789", text);
        Assert.Contains("Zoë & The Ünicodes", text);
        Assert.Contains("Album recording", text);
        Assert.Contains("Value: 1,500.00 EUR", text);
        Assert.Contains("Start: 1 March 2030", text);
        Assert.Matches(string.Join(@"\s+", words), text); // the long paragraph, wrapped, every word in order
        Assert.Contains("Clause 90. The studio and the artist agree on point number 90.", text);
        Assert.Contains("The last clause.", text);
        var pages = int.Parse(System.Text.RegularExpressions.Regex.Match(text, $"Contract {number} · page 1 of (\\d+)").Groups[1].Value);
        Assert.True(pages >= 2, $"{pages} page(s)");
        foreach (var n in Enumerable.Range(2, pages - 1)) Assert.Contains($"Contract {number} · page {n} of {pages}", text);
        Assert.Contains("Signed by: Zoë Martins", text);
        Assert.Contains("IP address: 198.51.100.23", text);
        Assert.Contains(contract.GetProperty("signature").GetProperty("textSha256").GetString()!, text);
        Assert.Contains(Sha256(terms), text);
        var signedAt = contract.GetProperty("signature").GetProperty("signedAt").GetDateTime().ToUniversalTime();
        Assert.Contains($"Signed at: {signedAt:yyyy-MM-dd HH:mm:ss.ffffff} UTC", text);
    }

    [Fact]
    public async Task ShouldEmailTheContractWithItsPdfAttachedThroughTheOutbox()
    {
        var (s, client, email) = await StudioWithDetailsAsync();
        var contract = await DraftAsync(s, client, "Ten songs, recorded and mixed.");
        var number = contract.GetProperty("number").GetString()!;

        var response = await ActAsync(s, Id(contract), "send");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(email, (await response.ReadJsonAsync()).GetProperty("to").GetString());
        Assert.Equal("sent", (await GetAsync(s, $"/contracts/{Id(contract)}")).GetProperty("status").GetString());
        var mail = await app.Smtp.WaitForAsync(email, m => m.Subject?.Contains(number) == true);
        Assert.Contains("for your review and signature", mail.TextBody);
        var pdf = Assert.Single(mail.Attachments.OfType<MimePart>());
        Assert.Equal($"{number}.pdf", pdf.FileName);
        Assert.Equal("application/pdf", pdf.ContentType.MimeType);
        using var content = new MemoryStream();
        await pdf.Content!.DecodeToAsync(content);
        var text = await InvoicePdfTests.PdfTextAsync(content.ToArray());
        Assert.Contains($"Contract {number}", text);
        Assert.Contains("Ten songs, recorded and mixed.", text);
        Assert.Contains("Status: sent", text);

        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync(s, Id(contract), "send", new { to = "not an address" })).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ContractPdfTests_Sqlite(SqliteAppFactory app) : ContractPdfTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ContractPdfTests_Postgres(PostgresAppFactory app) : ContractPdfTests(app);
