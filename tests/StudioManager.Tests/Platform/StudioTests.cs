using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using StudioManager.Tests.Identity;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

public abstract class StudioTests(StudioAppFactory app)
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    private static readonly byte[] Svg = "<?xml version=\"1.0\"?>\n<!-- logo -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"u8.ToArray();

    [Fact]
    public async Task ShouldCreateAnotherStudioForTheUserAndListBoth()
    {
        var s = await app.RegisterStudioAsync("First Room");

        var response = await s.Http.PostAsJsonAsync("/api/studios", new { name = "Second Room", timeZone = "America/New_York", currency = "usd" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var slug = (await response.ReadJsonAsync()).GetProperty("slug").GetString();
        Assert.Equal($"/api/studios/{slug}", response.Headers.Location?.OriginalString);
        var settings = await (await s.Http.GetAsync($"/api/studios/{slug}")).ReadJsonAsync();
        Assert.Equal("America/New_York", settings.GetProperty("timeZone").GetString());
        Assert.Equal("USD", settings.GetProperty("currency").GetString());
        var studios = (await (await s.Http.GetAsync("/api/me")).ReadJsonAsync()).GetProperty("studios").EnumerateArray().ToList();
        Assert.Equal(2, studios.Count);
        Assert.All(studios, st => Assert.Equal("owner", st.GetProperty("role").GetString()));

        var invalid = await s.Http.PostAsJsonAsync("/api/studios", new { name = "", currency = "XXXX" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync("/api/studios", new { name = "Anon" })).StatusCode);
    }

    [Fact]
    public async Task ShouldCreateAStudioThroughThePageAndSwitchBetweenStudios()
    {
        var s = await app.RegisterStudioAsync("Switch One");
        var browser = await SignedInAsync(s);

        var target = await browser.SubmitExpectingRedirectAsync("/studios/new", "new-studio", new Dictionary<string, string>
            { ["Input.Name"] = "Switch Two", ["Input.TimeZone"] = "Europe/London", ["Input.Currency"] = "GBP" });

        Assert.Matches("^/s/switch-two(-\\d+)?/clients$", target);
        var html = await browser.GetHtmlAsync($"/s/{s.Slug}/settings");
        Assert.Contains($"href=\"/s/{s.Slug}/clients\"", html);
        Assert.Contains($"href=\"{target}\"", html);
    }

    [Fact]
    public async Task ShouldUpdateEverySettingAndShowTheNewNameAtOnce()
    {
        var s = await app.RegisterStudioAsync("Before Name");
        var browser = await SignedInAsync(s);
        Assert.Contains("Before Name", await browser.GetHtmlAsync($"/s/{s.Slug}/settings")); // caches the studio

        var response = await s.Http.PatchAsJsonAsync(s.Api(), new
        {
            name = "After Name", timeZone = "Europe/Lisbon", currency = "chf", locale = "fr-FR",
            addressLine1 = "12 rue du Son", addressLine2 = "", city = "Lyon", postalCode = "69001", country = "fr",
            email = "hello@after.example", phone = "+33 4 00 00 00 00", vatNumber = "FR 40 303 265 045",
            bankName = "Banque Test", bankIban = "fr76 3000 6000 0112 3456 7890 189", bankBic = "bnpafrpp",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var got = await (await s.Http.GetAsync(s.Api())).ReadJsonAsync();
        Assert.Equal("After Name", got.GetProperty("name").GetString());
        Assert.Equal("CHF", got.GetProperty("currency").GetString());
        Assert.Equal("fr-FR", got.GetProperty("locale").GetString());
        Assert.Equal("FR", got.GetProperty("country").GetString());
        Assert.Equal("FR7630006000011234567890189", got.GetProperty("bankIban").GetString());
        Assert.Equal("BNPAFRPP", got.GetProperty("bankBic").GetString());
        Assert.Equal("FR40303265045", got.GetProperty("vatNumber").GetString());
        Assert.Equal("Lyon", got.GetProperty("city").GetString());

        // A partial PATCH leaves the rest alone; "" clears an optional field.
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api(), new { city = "" }));
        got = await (await s.Http.GetAsync(s.Api())).ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, got.GetProperty("city").ValueKind);
        Assert.Equal("After Name", got.GetProperty("name").GetString());

        // The slug's cached record was dropped: the page shows the new name right away.
        Assert.Contains("After Name", await browser.GetHtmlAsync($"/s/{s.Slug}/settings"));
    }

    [Fact]
    public async Task ShouldRejectInvalidSettingsNamingEachField()
    {
        var s = await app.RegisterStudioAsync();

        var response = await s.Http.PatchAsJsonAsync(s.Api(), new
        {
            name = "", timeZone = "Mars/Olympus", currency = "EURO", locale = "xx-nope", country = "Francia", email = "no-at",
            phone = "call me", vatNumber = "!", bankIban = "FR7630006000011234567890188", bankBic = "BNP",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "name", "timeZone", "currency", "locale", "country", "email", "phone", "vatNumber", "bankIban", "bankBic" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");
    }

    [Fact]
    public async Task ShouldLetEveryMemberReadSettingsButOnlyManagersChangeThem()
    {
        var owner = await app.RegisterStudioAsync();
        var engineer = await app.AddMemberAsync(owner, "engineer");
        var admin = await app.AddMemberAsync(owner, "admin");

        Assert.Equal(HttpStatusCode.OK, (await engineer.Http.GetAsync(owner.Api())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.PatchAsJsonAsync(owner.Api(), new { name = "Hijacked" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.PutAsync(owner.Api("/logo"), LogoContent(Png, "a.png"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PatchAsJsonAsync(owner.Api(), new { phone = "+1 555 0100" })).StatusCode);

        var browser = await SignedInAsync(engineer);
        var html = await browser.GetHtmlAsync($"/s/{owner.Slug}/settings");
        Assert.Contains("data-test=\"read-only\"", html);
        Assert.DoesNotContain("data-test=\"submit\"", html);
        Assert.DoesNotContain("data-test=\"upload-logo\"", html);
    }

    [Fact]
    public async Task ShouldStoreServeAndDeleteALogoCheckedByItsBytes()
    {
        var s = await app.RegisterStudioAsync();

        var put = await s.Http.PutAsync(s.Api("/logo"), LogoContent(Png, "logo.bin"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal($"/api/studios/{s.Slug}/logo", (await put.ReadJsonAsync()).GetProperty("logoUrl").GetString());
        var get = await s.Http.GetAsync(s.Api("/logo"));
        Assert.Equal("image/png", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await get.Content.ReadAsByteArrayAsync());
        Assert.True(File.Exists(Path.Combine(app.DataPath, "studios", s.StudioId.ToString(), "logo.png")));

        // Replacing with an SVG removes the PNG; the SVG is served sandboxed.
        await StudioApi.EnsureAsync(await s.Http.PutAsync(s.Api("/logo"), LogoContent(Svg, "logo.svg")));
        var svg = await s.Http.GetAsync(s.Api("/logo"));
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("sandbox", svg.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(File.Exists(Path.Combine(app.DataPath, "studios", s.StudioId.ToString(), "logo.png")));

        var text = await s.Http.PutAsync(s.Api("/logo"), LogoContent("not an image at all"u8.ToArray(), "fake.png"));
        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.True((await text.ReadJsonAsync()).GetProperty("errors").TryGetProperty("file", out _));
        var huge = new byte[2 * 1024 * 1024 + 1];
        Png.CopyTo(huge, 0);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.PutAsync(s.Api("/logo"), LogoContent(huge, "huge.png"))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await s.Http.DeleteAsync(s.Api("/logo"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api("/logo"))).StatusCode);
        Assert.False(File.Exists(Path.Combine(app.DataPath, "studios", s.StudioId.ToString(), "logo.svg")));
    }

    [Fact]
    public async Task ShouldSaveSettingsAndUploadTheLogoThroughThePage()
    {
        var s = await app.RegisterStudioAsync("Page Settings");
        var browser = await SignedInAsync(s);
        var page = $"/s/{s.Slug}/settings";
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "Page Settings Renamed", ["Input.TimeZone"] = "Europe/Paris", ["Input.Currency"] = "EUR", ["Input.Locale"] = "en-GB",
            ["Input.BankIban"] = "GB82 WEST 1234 5698 7654 32", ["Input.Country"] = "GB",
        };

        var invalid = await browser.SubmitAsync(page, "settings", new Dictionary<string, string>(fields) { ["Input.BankIban"] = "GB00 WEST 1234 5698 7654 32" });
        Assert.Contains("data-test=\"error-bankIban\"", await invalid.Content.ReadAsStringAsync());

        Assert.Equal($"{page}?saved=true", await browser.SubmitExpectingRedirectAsync(page, "settings", fields));
        var saved = await (await s.Http.GetAsync(s.Api())).ReadJsonAsync();
        Assert.Equal("Page Settings Renamed", saved.GetProperty("name").GetString());
        Assert.Equal("GB82WEST12345698765432", saved.GetProperty("bankIban").GetString());

        var uploaded = await browser.SubmitAsync(page, "logo", file: ("logo", Png, "logo.png"));
        Assert.Contains("data-test=\"logo\"", await uploaded.Content.ReadAsStringAsync());
        Assert.Equal(Png, await (await s.Http.GetAsync(s.Api("/logo"))).Content.ReadAsByteArrayAsync());
    }

    private async Task<Browser> SignedInAsync(StudioSession s)
    {
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = s.Email, ["Input.Password"] = s.Password });
        return browser;
    }

    private static MultipartFormDataContent LogoContent(byte[] bytes, string fileName)
    {
        var file = new ByteArrayContent(bytes);
        // A lying content type: the server must read the bytes.
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StudioTests_Sqlite(SqliteAppFactory app) : StudioTests(app);

[Collection(PostgresCollection.Name)]
public sealed class StudioTests_Postgres(PostgresAppFactory app) : StudioTests(app);
