using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Clients;

public abstract class ClientImportExportTests(StudioAppFactory app)
{
    internal static MultipartFormDataContent FileContent(string fileName, string content)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".vcf") ? "text/vcard" : "text/csv");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private static Task<HttpResponseMessage> ImportAsync(StudioSession s, string fileName, string content, bool dryRun = false) =>
        s.Http.PostAsync(s.Api("/clients/import" + (dryRun ? "?dryRun=true" : "")), FileContent(fileName, content));

    private static async Task<int> TotalAsync(StudioSession s) =>
        (await (await s.Http.GetAsync(s.Api("/clients"))).ReadJsonAsync()).GetProperty("total").GetInt32();

    private static async Task<JsonElement[]> AllAsync(StudioSession s) =>
        (await (await s.Http.GetAsync(s.Api("/clients?pageSize=200"))).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToArray();

    private const string GoodCsv = """
        Name;Artist name;E-mail;Phone;Genres;VIP;Deposit
        Léa Roux;Lune;lea@example.com;06 11 22 33 44;pop, indie;yes;25
        "Big Band, The";;band@example.com;;"jazz; swing";no;
        """;

    [Fact]
    public async Task ShouldImportAGoodCsvFile()
    {
        var s = await app.RegisterStudioAsync();
        var response = await ImportAsync(s, "clients.csv", GoodCsv);

        await StudioApi.EnsureAsync(response);
        var report = await response.ReadJsonAsync();
        Assert.Equal("csv", report.GetProperty("format").GetString());
        Assert.Equal(2, report.GetProperty("inserted").GetInt32());
        Assert.Empty(report.GetProperty("issues").EnumerateArray());

        var lea = (await AllAsync(s)).Single(c => c.GetProperty("name").GetString() == "Léa Roux");
        Assert.Equal("Lune", lea.GetProperty("artistName").GetString());
        Assert.True(lea.GetProperty("isVip").GetBoolean());
        Assert.Equal(25m, lea.GetProperty("defaultDepositPercent").GetDecimal());
        Assert.Equal(["pop", "indie"], lea.GetProperty("genres").EnumerateArray().Select(g => g.GetString()));
        Assert.Contains(await AllAsync(s), c => c.GetProperty("name").GetString() == "Big Band, The");
    }

    [Fact]
    public async Task ShouldRejectACsvFileWithADuplicateOrABadRowAndInsertNothing()
    {
        var s = await app.RegisterStudioAsync();
        await ClientApiTests.CreateClientAsync(s, new { name = "Existing", email = "taken@example.com" });
        const string csv = """
            name,email,phone,paymentTermsDays
            Good One,good@example.com,0102030405,30
            Taken,TAKEN@example.com,,
            ,nameless@example.com,,
            Twin,good@example.com,,
            "Multi
            Line",bad-email,,999
            """;

        var response = await ImportAsync(s, "clients.csv", csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        var issues = problem.GetProperty("report").GetProperty("issues").EnumerateArray()
            .Select(i => (i.GetProperty("line").GetInt32(), i.GetProperty("field").GetString())).ToList();
        Assert.Contains((3, "email"), issues);  // already in the studio
        Assert.Contains((4, "name"), issues);   // no name
        Assert.Contains((5, "email"), issues);  // same email as line 2
        Assert.Contains((6, "email"), issues);  // a record spanning lines 6–7 is reported at its first line
        Assert.Contains((6, "paymentTermsDays"), issues);
        Assert.DoesNotContain(issues, i => i.Item1 == 2);
        Assert.True(problem.GetProperty("errors").TryGetProperty("lines[3].email", out _));
        Assert.Equal(0, problem.GetProperty("report").GetProperty("inserted").GetInt32());
        Assert.Equal(1, await TotalAsync(s));
    }

    [Fact]
    public async Task ShouldReportWithoutInsertingOnADryRun()
    {
        var s = await app.RegisterStudioAsync();
        var response = await ImportAsync(s, "clients.csv", GoodCsv, dryRun: true);

        await StudioApi.EnsureAsync(response);
        var report = await response.ReadJsonAsync();
        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(2, report.GetProperty("rows").GetInt32());
        Assert.Equal(0, report.GetProperty("inserted").GetInt32());
        Assert.Equal(0, await TotalAsync(s));
    }

    [Fact]
    public async Task ShouldImportVCards3And4WithFoldedLinesAndEscapes()
    {
        var s = await app.RegisterStudioAsync();
        var vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okafor;Chidi;;;\r\nNICKNAME:Chi\\, the Voice\r\nEMAIL;TYPE=INTERNET,HOME:chidi@exa\r\n mple.com\r\n"
                  + "TEL;TYPE=CELL:+234 803 000 0000\r\nADR;TYPE=HOME:;;12 Marina Rd\\nFlat 3;Lagos;;101001;Nigeria\r\nCATEGORIES:Afrobeats,Highlife\r\n"
                  + "NOTE:Pays on time\\; prefers transfers\r\nURL:https://chidi.example\r\nEND:VCARD\r\n"
                  + "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Blue Note Label\r\nORG:Blue Note Label\r\nEMAIL;PREF=1:a&r@bluenote.example\r\n"
                  + "TEL;VALUE=uri:tel:+1-555-0100\r\nEND:VCARD\r\n";

        var response = await ImportAsync(s, "contacts.vcf", vcf);

        await StudioApi.EnsureAsync(response);
        Assert.Equal(2, (await response.ReadJsonAsync()).GetProperty("inserted").GetInt32());
        var all = await AllAsync(s);
        var chidi = all.Single(c => c.GetProperty("name").GetString() == "Chidi Okafor");
        Assert.Equal("Chi, the Voice", chidi.GetProperty("artistName").GetString());
        Assert.Equal("chidi@example.com", chidi.GetProperty("email").GetString());
        Assert.Equal("12 Marina Rd", chidi.GetProperty("addressLine1").GetString());
        Assert.Equal("Flat 3", chidi.GetProperty("addressLine2").GetString());
        Assert.Equal("Lagos", chidi.GetProperty("city").GetString());
        Assert.Equal("Pays on time; prefers transfers", chidi.GetProperty("billingNotes").GetString());
        Assert.Equal(["Afrobeats", "Highlife"], chidi.GetProperty("genres").EnumerateArray().Select(g => g.GetString()));
        var label = all.Single(c => c.GetProperty("name").GetString() == "Blue Note Label");
        Assert.Equal("company", label.GetProperty("type").GetString());
        Assert.Equal("+1-555-0100", label.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task ShouldRejectAVCardFileWithADuplicateReportingItsLine()
    {
        var s = await app.RegisterStudioAsync();
        var vcf = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:One\r\nEMAIL:dup@example.com\r\nEND:VCARD\r\n"
                  + "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Two\r\nEMAIL:DUP@example.com\r\nEND:VCARD\r\n";

        var response = await ImportAsync(s, "contacts.vcf", vcf);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var issue = Assert.Single((await response.ReadJsonAsync()).GetProperty("report").GetProperty("issues").EnumerateArray());
        Assert.Equal(6, issue.GetProperty("line").GetInt32());
        Assert.Equal("email", issue.GetProperty("field").GetString());
        Assert.Equal(0, await TotalAsync(s));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("vcard")]
    public async Task ShouldRoundTripAnExportThroughImport(string format)
    {
        var source = await app.RegisterStudioAsync();
        await ClientApiTests.CreateClientAsync(source, new
        {
            type = "individual", name = "Jean-Luc O'Brien", artistName = "JL; the \"Boss\"", companyName = "Boss, Inc.",
            email = "jl@example.com", secondaryEmail = "boss@example.com", phone = "+33 6 12 34 56 78", secondaryPhone = "01 23 45 67 89",
            addressLine1 = "3 rue de la Paix", addressLine2 = "Bâtiment B", city = "Paris", postalCode = "75002", country = "France",
            website = "https://jl.example", streamingLinks = new[] { "https://open.spotify.com/artist/1", "https://soundcloud.com/jl" },
            genres = new[] { "Chanson", "Électro-dark" }, currency = "EUR", defaultDepositPercent = 12.5, paymentTermsDays = 30,
            billingNotes = "Line one\nLine two, with a comma; and a semicolon — and a long enough text to need folding in a vCard line.",
            isVip = true, isActive = false, portalAccess = true,
        });
        await ClientApiTests.CreateClientAsync(source, new { type = "company", name = "=SUM(A1)", email = "formula@example.com" });

        var export = await source.Http.GetAsync(source.Api($"/clients/export?format={format}"));
        await StudioApi.EnsureAsync(export);
        Assert.Equal(format == "csv" ? "text/csv" : "text/vcard", export.Content.Headers.ContentType?.MediaType);
        var fileName = export.Content.Headers.ContentDisposition?.FileNameStar ?? export.Content.Headers.ContentDisposition?.FileName;
        Assert.EndsWith(format == "csv" ? ".csv" : ".vcf", fileName?.Trim('"'));
        var content = await export.Content.ReadAsStringAsync();

        var target = await app.RegisterStudioAsync();
        await StudioApi.EnsureAsync(await ImportAsync(target, fileName!.Trim('"'), content));

        static object Comparable(JsonElement c)
        {
            var d = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(c.GetRawText())!;
            foreach (var key in new[] { "id", "createdAt", "updatedAt" }) d.Remove(key);
            return JsonSerializer.Serialize(d.OrderBy(kv => kv.Key));
        }
        foreach (var (expected, actual) in (await AllAsync(source)).Zip(await AllAsync(target)))
            Assert.Equal(Comparable(expected), Comparable(actual));
        Assert.Equal(2, (await AllAsync(target)).Length);
    }

    [Fact]
    public async Task ShouldRejectAFileWithoutAUsableFormat()
    {
        var s = await app.RegisterStudioAsync();
        var noName = await ImportAsync(s, "clients.csv", "email,phone\na@example.com,0102\n");
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.True((await noName.ReadJsonAsync()).GetProperty("errors").TryGetProperty("file", out _));

        var noCard = await ImportAsync(s, "contacts.vcf", "hello\n");
        Assert.Equal(HttpStatusCode.BadRequest, noCard.StatusCode);

        var badFormat = await s.Http.GetAsync(s.Api("/clients/export?format=xlsx"));
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        Assert.True((await badFormat.ReadJsonAsync()).GetProperty("errors").TryGetProperty("format", out _));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ClientImportExportTests_Sqlite(SqliteAppFactory app) : ClientImportExportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ClientImportExportTests_Postgres(PostgresAppFactory app) : ClientImportExportTests(app);
