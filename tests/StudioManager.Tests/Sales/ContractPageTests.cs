using System.Net;
using StudioManager.Tests.Identity;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Contracting;
using static StudioManager.Tests.Sales.Invoicing;

namespace StudioManager.Tests.Sales;

/// <summary>The contract pages (static server rendering) run the same use cases as the API.</summary>
public abstract class ContractPageTests(StudioAppFactory app)
{
    private async Task<Browser> SignInAsync(StudioSession s)
    {
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = s.Email, ["Input.Password"] = s.Password });
        return browser;
    }

    [Fact]
    public async Task ShouldFillTheTermsFromATemplateThenSaveTheDraftAsShown()
    {
        var s = await app.RegisterStudioAsync("Page Studios");
        var client = await Booking.ClientAsync(s, "Page Client");
        var template = Id(await Booking.PostAsync(s, "/contract-templates", new { name = "Short", type = "mixing", body = "{{client.name}} pays {{contract.value}} to {{studio.name}}." }));
        var browser = await SignInAsync(s);
        var url = $"/s/{s.Slug}/contracts/new";
        var fields = new Dictionary<string, string>
        {
            ["Model.ClientId"] = client.ToString(), ["Model.Title"] = "Mixing the EP", ["Model.Type"] = "Mixing", ["Model.Value"] = "950",
            ["Model.TemplateId"] = template.ToString(), ["Model.Terms"] = "", ["Model.Action"] = "merge",
        };

        var preview = await (await browser.SubmitAsync(url, "contract", fields)).Content.ReadAsStringAsync();
        Assert.Contains("Page Client pays 950.00 EUR to Page Studios.", preview);
        var refused = await (await browser.SubmitAsync(url, "contract", new Dictionary<string, string>(fields) { ["Model.Title"] = "", ["Model.Action"] = "save" }))
            .Content.ReadAsStringAsync();
        Assert.Contains("A title is required.", refused);
        fields["Model.Terms"] = "Page Client pays 950.00 EUR to Page Studios.\nEdited by hand.";
        fields["Model.Action"] = "save";
        var saved = await browser.SubmitExpectingRedirectAsync(url, "contract", fields);

        Assert.Matches($"^/s/{s.Slug}/contracts/\\d+$", saved);
        var contract = await GetAsync(s, $"/contracts/{saved.Split('/').Last()}");
        Assert.Equal("Page Client pays 950.00 EUR to Page Studios.\nEdited by hand.", contract.GetProperty("terms").GetString());
        Assert.Equal("mixing", contract.GetProperty("type").GetString());
        var detail = await browser.GetHtmlAsync(saved);
        Assert.Contains(contract.GetProperty("number").GetString()!, detail);
        Assert.Contains("Edited by hand.", detail);
        Assert.Contains("value=\"Mixing the EP\"", await browser.GetHtmlAsync($"{saved}/edit"));
    }

    [Fact]
    public async Task ShouldSendSignAndActivateFromTheDetailPageThenShowTheRecordAndRefuseEdits()
    {
        var s = await app.RegisterStudioAsync();
        var email = StudioApi.NewEmail("client");
        var client = Id(await Clients.ClientApiTests.CreateClientAsync(s, new { name = "Signing Client", email }));
        var id = Id(await DraftAsync(s, client));
        var browser = await SignInAsync(s);
        var url = $"/s/{s.Slug}/contracts/{id}";

        await browser.SubmitAsync(url, "contract-action", new Dictionary<string, string> { ["Action"] = "send" });
        Assert.Equal("sent", (await GetAsync(s, $"/contracts/{id}")).GetProperty("status").GetString());
        var noName = await browser.SubmitAsync(url, "sign", new Dictionary<string, string> { ["SignerName"] = "" });
        Assert.Contains("The signer&#x27;s name is required.", await noName.Content.ReadAsStringAsync());
        await browser.SubmitExpectingRedirectAsync(url, "sign", new Dictionary<string, string> { ["SignerName"] = "Signing Client" });
        await browser.SubmitAsync(url, "contract-action", new Dictionary<string, string> { ["Action"] = "activate" });

        var html = await browser.GetHtmlAsync(url);
        Assert.Contains("Signature record", html);
        Assert.Contains("Signing Client", html);
        var contract = await GetAsync(s, $"/contracts/{id}");
        Assert.Equal("active", contract.GetProperty("status").GetString());
        Assert.Contains(contract.GetProperty("signature").GetProperty("textSha256").GetString()!, html);
        Assert.Contains("only drafts are edited", await browser.GetHtmlAsync($"{url}/edit"));
        Assert.Contains(contract.GetProperty("number").GetString()!, await browser.GetHtmlAsync($"/s/{s.Slug}/contracts?status=active&clientId={client}"));
        Assert.Contains("No contract matches.", await browser.GetHtmlAsync($"/s/{s.Slug}/contracts?status=draft"));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync($"/s/{s.Slug}/contracts/999999")).StatusCode);
    }

    [Fact]
    public async Task ShouldCreateATemplateFromItsPageAndShowAnUnknownFieldBesideTheText()
    {
        var s = await app.RegisterStudioAsync();
        var browser = await SignInAsync(s);
        var url = $"/s/{s.Slug}/contract-templates/new";

        var refused = await browser.SubmitAsync(url, "template", new Dictionary<string, string>
            { ["Model.Name"] = "Licence", ["Model.Type"] = "Licensing", ["Model.Body"] = "For {{client.nam}}", ["Model.Action"] = "save" });
        await browser.SubmitExpectingRedirectAsync(url, "template", new Dictionary<string, string>
            { ["Model.Name"] = "Licence", ["Model.Type"] = "Licensing", ["Model.Body"] = "For {{client.name}}", ["Model.Action"] = "save" });

        Assert.Contains("Unknown merge field {{client.nam}}", await refused.Content.ReadAsStringAsync());
        var list = await browser.GetHtmlAsync($"/s/{s.Slug}/contract-templates");
        Assert.Contains("Licence", list);
        Assert.Contains("Standard studio agreement", list);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ContractPageTests_Sqlite(SqliteAppFactory app) : ContractPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ContractPageTests_Postgres(PostgresAppFactory app) : ContractPageTests(app);
