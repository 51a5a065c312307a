using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Clients;

public abstract partial class ClientPageTests(StudioAppFactory app)
{
    /// <summary>A browser-like client signed in with the cookie that registration sets.</summary>
    private async Task<(HttpClient Http, string Slug)> RegisterWithCookieAsync(string studioName = "Page Studio")
    {
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var response = await http.PostAsJsonAsync("/api/auth/register",
            new { email = StudioApi.NewEmail("page"), password = "Passw0rd-test", name = "Page User", studioName });
        await StudioApi.EnsureAsync(response);
        // Its API writes (test set-up) carry the antiforgery token, as any request signed in with the cookie must.
        var token = TokenInput().Match(await http.GetStringAsync("/studios/new")).Groups[1].Value;
        http.DefaultRequestHeaders.Add("RequestVerificationToken", token);
        return (http, (await response.ReadJsonAsync()).GetProperty("studio").GetProperty("slug").GetString()!);
    }

    /// <summary>Posts a page's form as a browser would: its antiforgery token and handler name, plus the fields.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient http, string pageUrl, string formName, Dictionary<string, string> fields)
    {
        var page = await http.GetStringAsync(pageUrl);
        var token = TokenInput().Match(page).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "no antiforgery token on " + pageUrl);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token, ["_handler"] = formName };
        return await http.PostAsync(pageUrl, new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("""name="__RequestVerificationToken"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="__RequestVerificationToken""")]
    private static partial Regex TokenInput();

    [Fact]
    public async Task ShouldShowTheClientListToAMemberAnd404ToAnotherStudiosMember()
    {
        var (http, slug) = await RegisterWithCookieAsync();
        await StudioApi.EnsureAsync(await http.PostAsJsonAsync($"/api/studios/{slug}/clients", new { name = "Cookie Client", genres = new[] { "Soul" } }));

        var page = await http.GetAsync($"/s/{slug}/clients");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Cookie Client", await page.Content.ReadAsStringAsync());

        var (outsider, _) = await RegisterWithCookieAsync("Other Page Studio");
        foreach (var path in new[] { "/clients", "/clients/new", "/clients/1", "/clients/1/edit" })
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/s/{slug}{path}")).StatusCode);
    }

    [Fact]
    public async Task ShouldOfferHelpfulActionsWhenTheStudioHasNoClients()
    {
        var (http, slug) = await RegisterWithCookieAsync();
        var html = await http.GetStringAsync($"/s/{slug}/clients");
        Assert.Contains("Add your first client", html);
        Assert.Contains("Import a file", html);
    }

    [Fact]
    public async Task ShouldCreateAClientThroughTheFormShowingFieldErrorsFirst()
    {
        var (http, slug) = await RegisterWithCookieAsync();
        var newPage = $"/s/{slug}/clients/new";

        var invalid = await PostFormAsync(http, newPage, "client", new() { ["Model.Type"] = "individual", ["Model.Name"] = "", ["Model.Email"] = "nope", ["Model.IsActive"] = "true" });
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"error-name\"", invalidHtml);
        Assert.Contains("data-test=\"error-email\"", invalidHtml);
        Assert.Contains("value=\"nope\"", invalidHtml); // what was typed stays in the form

        var valid = await PostFormAsync(http, newPage, "client", new()
        {
            ["Model.Type"] = "company", ["Model.Name"] = "Form Band", ["Model.Genres"] = "punk, ska", ["Model.IsVip"] = "true", ["Model.IsActive"] = "true",
        });
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Matches($"/s/{slug}/clients/\\d+$", valid.RequestMessage!.RequestUri!.AbsolutePath);
        var detail = await valid.Content.ReadAsStringAsync();
        Assert.Contains("Form Band", detail);
        Assert.Contains("data-test=\"badge-vip\"", detail);
        Assert.Contains("punk, ska", detail);
    }

    [Fact]
    public async Task ShouldAddEditAndDeleteNotesOnTheClientPage()
    {
        var (http, slug) = await RegisterWithCookieAsync();
        var created = await http.PostAsJsonAsync($"/api/studios/{slug}/clients", new { name = "Timeline Client" });
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt32();
        var detail = $"/s/{slug}/clients/{id}";

        await PostFormAsync(http, detail, "add-note", new() { ["NewNote"] = "Older note" });
        var added = await PostFormAsync(http, detail, "add-note", new() { ["NewNote"] = "Newer note" });
        var html = await added.Content.ReadAsStringAsync();
        Assert.True(html.IndexOf("Newer note", StringComparison.Ordinal) < html.IndexOf("Older note", StringComparison.Ordinal), "newest note first");
        Assert.Equal(2, Regex.Matches(html, "data-test=\"note\"").Count);

        var notes = (await (await http.GetAsync($"/api/studios/{slug}/clients/{id}/notes")).ReadJsonAsync()).EnumerateArray().ToList();
        var olderId = notes[1].GetProperty("id").GetInt32();
        var edited = await PostFormAsync(http, $"{detail}?editNote={olderId}", "edit-note", new() { ["EditedNoteId"] = olderId.ToString(), ["EditedNote"] = "Older note, corrected" });
        html = await edited.Content.ReadAsStringAsync();
        Assert.Contains("Older note, corrected", html);
        Assert.Contains("data-test=\"note-edited\"", html);

        var confirm = await http.GetStringAsync($"{detail}?deleteNote={olderId}");
        Assert.Contains("data-test=\"confirm-delete-note\"", confirm);
        var deleted = await PostFormAsync(http, $"{detail}?deleteNote={olderId}", "delete-note", new() { ["DeletedNoteId"] = olderId.ToString() });
        html = await deleted.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Older note", html);
        Assert.Single(Regex.Matches(html, "data-test=\"note\""));
    }

    [Fact]
    public async Task ShouldImportAFileFromTheListPageAndShowTheReport()
    {
        var (http, slug) = await RegisterWithCookieAsync();
        var listUrl = $"/s/{slug}/clients";
        var page = await http.GetStringAsync(listUrl);
        var token = TokenInput().Match(page).Groups[1].Value;

        var form = ClientImportExportTests.FileContent("clients.csv", "name,email\nImported Ida,ida@example.com\nImported Bo,bo@example.com\n");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new StringContent("import"), "_handler");
        var response = await http.PostAsync(listUrl, form);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Imported 2 client(s).", html);
        Assert.Contains("Imported Ida", html);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ClientPageTests_Sqlite(SqliteAppFactory app) : ClientPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ClientPageTests_Postgres(PostgresAppFactory app) : ClientPageTests(app);
