using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Platform;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Invoicing;

namespace StudioManager.Tests.Sales;

public abstract class ExpenseApiTests(StudioAppFactory app)
{
    /// <summary>The smallest files of each accepted kind, as their first bytes make them.</summary>
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];

    private string ReceiptFolder(int studioId) => Path.Combine(app.DataPath, "studios", studioId.ToString(), "receipts");

    private List<string> ReceiptFiles(int studioId) =>
        Directory.Exists(ReceiptFolder(studioId)) ? Directory.EnumerateFiles(ReceiptFolder(studioId)).ToList() : [];

    public static MultipartFormDataContent Upload(byte[] content, string fileName)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    public static async Task<JsonElement> ExpenseAsync(StudioSession s, string category, decimal amount, decimal tax = 0, string date = "2030-06-10",
        string vendor = "Vendor", string? currency = null, string status = "pending") =>
        await Booking.PostAsync(s, "/expenses", new { category, vendor, amount, tax, date, currency, status });

    [Fact]
    public async Task ShouldCreateReadChangeAndDeleteAnExpense()
    {
        var s = await app.RegisterStudioAsync();
        var equipment = await Booking.EquipmentAsync(s, "Neve 1073");

        var response = await s.Http.PostAsJsonAsync(s.Api("/expenses"), new
        {
            category = "equipment", vendor = "  Thomann ", amount = 100.10m, tax = 20.02m, equipmentId = equipment, notes = "Preamp",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        Assert.Equal($"/api/studios/{s.Slug}/expenses/{Id(created)}", response.Headers.Location?.OriginalString);
        Assert.Equal("equipment", created.GetProperty("category").GetString());
        Assert.Equal("Thomann", created.GetProperty("vendor").GetString());
        Assert.Equal(120.12m, Money(created, "total"));
        Assert.Equal("EUR", created.GetProperty("currency").GetString());
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.Equal(equipment, created.GetProperty("equipmentId").GetInt32());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("receipt").ValueKind);
        var today = DateOnly.Parse(created.GetProperty("date").GetString()!);
        Assert.InRange(today.DayNumber, DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).DayNumber - 1, DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).DayNumber + 1);

        // Only what is sent changes; null clears.
        var patched = await (await s.Http.PatchAsJsonAsync(s.Api($"/expenses/{Id(created)}"), new { status = "paid", notes = (string?)null, currency = "usd" })).ReadJsonAsync();
        Assert.Equal("paid", patched.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("notes").ValueKind);
        Assert.Equal("USD", patched.GetProperty("currency").GetString());
        Assert.Equal("Thomann", patched.GetProperty("vendor").GetString());
        Assert.Equal(100.10m, Money(patched, "amount"));
        Assert.Equal(equipment, patched.GetProperty("equipmentId").GetInt32());
        Assert.Equal("paid", (await GetAsync(s, $"/expenses/{Id(created)}")).GetProperty("status").GetString());

        // The equipment goes, the expense stays (unlinked).
        await StudioApi.EnsureAsync(await s.Http.DeleteAsync(s.Api($"/equipment/{equipment}")));
        Assert.Equal(JsonValueKind.Null, (await GetAsync(s, $"/expenses/{Id(created)}")).GetProperty("equipmentId").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await s.Http.DeleteAsync(s.Api($"/expenses/{Id(created)}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api($"/expenses/{Id(created)}"))).StatusCode);
    }

    [Fact]
    public async Task ShouldNameTheFieldsOfABadExpense()
    {
        var s = await app.RegisterStudioAsync();

        var missing = await s.Http.PostAsJsonAsync(s.Api("/expenses"), new { notes = "nothing else" });
        var bad = await s.Http.PostAsJsonAsync(s.Api("/expenses"), new
        {
            category = "rent", vendor = "Landlord", amount = 1.234m, tax = 0.001m, currency = "EURO", projectId = 999_999, equipmentId = 999_999,
        });
        var unknownCategory = await s.Http.PostAsJsonAsync(s.Api("/expenses"), new { category = "yachts", vendor = "Marina", amount = 1m });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = (await missing.ReadJsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "category", "vendor", "amount" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error on {field}: {errors}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        errors = (await bad.ReadJsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "amount", "tax", "currency", "projectId", "equipmentId" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error on {field}: {errors}");
        Assert.Equal(HttpStatusCode.BadRequest, unknownCategory.StatusCode);
        Assert.Equal(0, (await GetAsync(s, "/expenses")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ShouldFilterByCategoryStatusAndDatesAndPage()
    {
        var s = await app.RegisterStudioAsync();
        await ExpenseAsync(s, "rent", 1000m, date: "2030-05-01", status: "paid");
        await ExpenseAsync(s, "rent", 1000m, date: "2030-06-01");
        await ExpenseAsync(s, "software", 20m, date: "2030-06-15", vendor: "DAW Inc");
        await ExpenseAsync(s, "software", 30m, date: "2030-07-01", status: "paid");

        async Task<List<(string Category, string Date)>> ListAsync(string query) =>
            (await GetAsync(s, "/expenses" + query)).GetProperty("items").EnumerateArray()
            .Select(e => (e.GetProperty("category").GetString()!, e.GetProperty("date").GetString()!)).ToList();

        Assert.Equal([("software", "2030-07-01"), ("software", "2030-06-15"), ("rent", "2030-06-01"), ("rent", "2030-05-01")], await ListAsync(""));
        Assert.Equal([("rent", "2030-06-01"), ("rent", "2030-05-01")], await ListAsync("?category=rent"));
        Assert.Equal([("software", "2030-07-01"), ("rent", "2030-05-01")], await ListAsync("?status=paid"));
        Assert.Equal([("software", "2030-06-15"), ("rent", "2030-06-01")], await ListAsync("?from=2030-06-01&to=2030-06-30"));
        Assert.Equal([("software", "2030-06-15")], await ListAsync("?q=daw"));
        var page = await GetAsync(s, "/expenses?pageSize=3&page=2");
        Assert.Equal(4, page.GetProperty("total").GetInt32());
        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.GetAsync(s.Api("/expenses?category=yachts"))).StatusCode);
    }

    [Fact]
    public async Task ShouldStoreAReceiptReplaceItAndRemoveIt()
    {
        var s = await app.RegisterStudioAsync();
        var expense = Id(await ExpenseAsync(s, "maintenance", 80m));

        var put = await s.Http.PutAsync(s.Api($"/expenses/{expense}/receipt"), Upload(Pdf, "../invoices/march.pdf"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var receipt = (await put.ReadJsonAsync()).GetProperty("receipt");
        Assert.Equal("march.pdf", receipt.GetProperty("fileName").GetString());
        Assert.Equal("application/pdf", receipt.GetProperty("contentType").GetString());
        Assert.Equal(Pdf.Length, receipt.GetProperty("sizeBytes").GetInt64());
        var got = await s.Http.GetAsync(s.Api($"/expenses/{expense}/receipt"));
        Assert.Equal("application/pdf", got.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Pdf, await got.Content.ReadAsByteArrayAsync());
        Assert.Single(ReceiptFiles(s.StudioId));

        // A named .pdf that is a PNG is a PNG: the content decides. The PDF is gone from storage.
        var replaced = await s.Http.PutAsync(s.Api($"/expenses/{expense}/receipt"), Upload(Png, "scan.pdf"));
        Assert.Equal("image/png", (await replaced.ReadJsonAsync()).GetProperty("receipt").GetProperty("contentType").GetString());
        Assert.Equal(Png, await s.Http.GetByteArrayAsync(s.Api($"/expenses/{expense}/receipt")));
        Assert.Single(ReceiptFiles(s.StudioId));
        Assert.EndsWith(".png", ReceiptFiles(s.StudioId)[0]);

        var removed = await s.Http.DeleteAsync(s.Api($"/expenses/{expense}/receipt"));
        Assert.Equal(JsonValueKind.Null, (await removed.ReadJsonAsync()).GetProperty("receipt").ValueKind);
        Assert.Empty(ReceiptFiles(s.StudioId));
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api($"/expenses/{expense}/receipt"))).StatusCode);

        // Deleting the expense deletes its receipt.
        await s.Http.PutAsync(s.Api($"/expenses/{expense}/receipt"), Upload(Pdf, "r.pdf"));
        Assert.Single(ReceiptFiles(s.StudioId));
        await s.Http.DeleteAsync(s.Api($"/expenses/{expense}"));
        Assert.Empty(ReceiptFiles(s.StudioId));
    }

    [Fact]
    public async Task ShouldRefuseAReceiptThatIsNotAPdfNorAnImageAndKeepNothing()
    {
        var s = await app.RegisterStudioAsync();
        var expense = Id(await ExpenseAsync(s, "software", 10m));
        var svg = Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
        var tooBig = new byte[20 * 1024 * 1024 + 1];
        Pdf.CopyTo(tooBig, 0);

        foreach (var (content, name) in new[] { (Encoding.UTF8.GetBytes("not a receipt"), "receipt.pdf"), (svg, "logo.svg"), (tooBig, "big.pdf"), ([], "empty.pdf") })
        {
            var response = await s.Http.PutAsync(s.Api($"/expenses/{expense}/receipt"), Upload(content, name));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("file", out _), name);
        }
        var noFile = await s.Http.PutAsync(s.Api($"/expenses/{expense}/receipt"), new MultipartFormDataContent { { new ByteArrayContent(Pdf), "other", "r.pdf" } });
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);

        Assert.Equal(JsonValueKind.Null, (await GetAsync(s, $"/expenses/{expense}")).GetProperty("receipt").ValueKind);
        Assert.Empty(ReceiptFiles(s.StudioId));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataPath, "tmp", "uploads")));
    }

    [Fact]
    public async Task ShouldKeepExactlyTheWinningFileWhenReceiptsAreUploadedAtOnce()
    {
        var s = await app.RegisterStudioAsync();
        var expense = Id(await ExpenseAsync(s, "utilities", 45m));
        var files = Enumerable.Range(0, 8).Select(n => Pdf.Concat(Encoding.ASCII.GetBytes($"% upload {n}\n")).ToArray()).ToList();

        var responses = await Task.WhenAll(files.Select(f => s.Http.PutAsync(s.Api($"/expenses/{expense}/receipt"), Upload(f, "r.pdf"))));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"answered {(int)r.StatusCode}"));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        var stored = await s.Http.GetByteArrayAsync(s.Api($"/expenses/{expense}/receipt"));
        Assert.Contains(files, f => f.SequenceEqual(stored));
        Assert.Single(ReceiptFiles(s.StudioId));
    }

    [Fact]
    public async Task ShouldLetAccountantsManageExpensesAndKeepThemFromEngineers()
    {
        var owner = await app.RegisterStudioAsync();
        var accountant = await app.AddMemberAsync(owner, "accountant");
        var engineer = await app.AddMemberAsync(owner, "engineer");

        var expense = Id(await ExpenseAsync(accountant, "marketing", 250m));
        Assert.Equal(HttpStatusCode.OK, (await accountant.Http.PutAsync(accountant.Api($"/expenses/{expense}/receipt"), Upload(Pdf, "ad.pdf"))).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.GetAsync(engineer.Api("/expenses"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.GetAsync(engineer.Api($"/expenses/{expense}/receipt"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.GetAsync(engineer.Api("/reports/expenses"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.PostAsJsonAsync(engineer.Api("/expenses"), new { category = "other", vendor = "x", amount = 1 })).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ExpenseApiTests_Sqlite(SqliteAppFactory app) : ExpenseApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ExpenseApiTests_Postgres(PostgresAppFactory app) : ExpenseApiTests(app);
