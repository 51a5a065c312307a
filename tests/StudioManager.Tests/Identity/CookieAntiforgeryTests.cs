using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using StudioManager.Tests.Clients;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Identity;

/// <summary>The cookie goes with every request the browser makes, cross-site forms included: an API write
/// authenticated by it needs the antiforgery token. Bearer callers never carry the cookie and are unaffected.</summary>
public abstract class CookieAntiforgeryTests(StudioAppFactory app)
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    [Fact]
    public async Task ShouldRefuseACookieAuthenticatedApiWriteWithoutTheAntiforgeryToken()
    {
        var s = await app.RegisterStudioAsync("Forgery Target");
        var browser = await SignedInAsync(s);

        // What a cross-site form (or script) can send: the cookie, no token.
        var refused = new[]
        {
            await browser.Http.PostAsync(s.Api("/clients/import"), ClientImportExportTests.FileContent("c.csv", "name\nForged Import\n")),
            await browser.Http.PutAsync(s.Api("/logo"), LogoContent()),
            await browser.Http.PostAsJsonAsync(s.Api("/clients"), new { name = "Forged Create" }),
        };
        foreach (var response in refused)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("antiforgery", (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(0, (await (await s.Http.GetAsync(s.Api("/clients"))).ReadJsonAsync()).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api("/logo"))).StatusCode);

        // The app's own pages hold the token; sent in the header, the same request passes.
        var token = await browser.AntiforgeryTokenAsync($"/s/{s.Slug}/clients");
        var request = new HttpRequestMessage(HttpMethod.Post, s.Api("/clients/import")) { Content = ClientImportExportTests.FileContent("c.csv", "name\nWith Token\n") };
        request.Headers.Add("RequestVerificationToken", token);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task ShouldLeaveBearerCallersAndThePagesAsTheyWere()
    {
        var s = await app.RegisterStudioAsync("Bearer Writer");

        await StudioApi.EnsureAsync(await s.Http.PostAsync(s.Api("/clients/import"), ClientImportExportTests.FileContent("c.csv", "name\nBearer Import\n")));
        await StudioApi.EnsureAsync(await s.Http.PutAsync(s.Api("/logo"), LogoContent()));
        await StudioApi.EnsureAsync(await s.Http.PostAsJsonAsync(s.Api("/clients"), new { name = "Bearer Create" }));

        var browser = await SignedInAsync(s);
        var imported = await browser.SubmitAsync($"/s/{s.Slug}/clients", "import", file: ("file", "name\nPage Import\n"u8.ToArray(), "c.csv"));
        Assert.Contains("Imported 1 client(s).", await imported.Content.ReadAsStringAsync());
        var logo = await browser.SubmitAsync($"/s/{s.Slug}/settings", "logo", file: ("logo", Png, "logo.png"));
        Assert.Contains("data-test=\"logo\"", await logo.Content.ReadAsStringAsync());
        Assert.Equal(3, (await (await s.Http.GetAsync(s.Api("/clients"))).ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    private async Task<Browser> SignedInAsync(StudioSession s)
    {
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = s.Email, ["Input.Password"] = s.Password });
        return browser;
    }

    private static MultipartFormDataContent LogoContent()
    {
        var file = new ByteArrayContent(Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { file, "file", "logo.png" } };
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CookieAntiforgeryTests_Sqlite(SqliteAppFactory app) : CookieAntiforgeryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CookieAntiforgeryTests_Postgres(PostgresAppFactory app) : CookieAntiforgeryTests(app);
