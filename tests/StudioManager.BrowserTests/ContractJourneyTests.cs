using Microsoft.Playwright;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;

namespace StudioManager.BrowserTests;

/// <summary>A contract in a real browser: the list, a draft filled from the default template and edited, sent, signed,
/// activated, and the templates pages. Every page is checked by <see cref="BrowserTab"/> (axe-core, console, resources).</summary>
public abstract class ContractJourneyTests<TFactory>(BrowserFixture<TFactory> fx) where TFactory : StudioAppFactory, new()
{
    [Fact]
    public async Task ShouldFillADraftFromTheTemplateSendSignAndActivateIt()
    {
        var owner = await fx.App.RegisterStudioAsync("Contract Room");
        var client = (await Booking.PostAsync(owner, "/clients", new { name = "Signed Band", email = StudioApi.NewEmail("band") })).GetProperty("id").GetInt32();
        await using var tab = await fx.OpenTabAsync();
        var page = tab.Page;

        await tab.GotoAsync("/login");
        await page.FillAsync("[data-test=email]", owner.Email);
        await page.FillAsync("[data-test=password]", owner.Password);
        await tab.ClickAsync("[data-test=submit]");

        await tab.ClickAsync("nav >> text=Contracts");
        await tab.ClickAsync("[data-test=new-contract]");
        await page.SelectOptionAsync("[data-test=contract-client]", client.ToString());
        await page.FillAsync("[data-test=contract-title]", "Album recording");
        await page.FillAsync("[data-test=contract-value]", "2400");
        await tab.ClickAsync("[data-test=merge]");
        await Assertions.Expect(page.Locator("[data-test=terms]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Signed Band.*2,400\\.00 EUR",
            System.Text.RegularExpressions.RegexOptions.Singleline));
        await page.FillAsync("[data-test=terms]", "The studio records the album of Signed Band for 2,400.00 EUR.");
        await tab.ClickAsync("[data-test=save]");

        await Assertions.Expect(page.Locator("[data-test=contract-status]")).ToHaveTextAsync("Draft");
        await tab.ClickAsync("[data-test=send]");
        await Assertions.Expect(page.Locator("[data-test=contract-status]")).ToHaveTextAsync("Sent");
        await page.FillAsync("[data-test=signer-name]", "Signed Band");
        await tab.ClickAsync("[data-test=sign]");
        await Assertions.Expect(page.Locator("[data-test=signature]")).ToContainTextAsync("Signed Band");
        await tab.ClickAsync("[data-test=activate]");
        await Assertions.Expect(page.Locator("[data-test=contract-status]")).ToHaveTextAsync("Active");

        await tab.GotoAsync($"/s/{owner.Slug}/contracts?status=active");
        await Assertions.Expect(page.Locator("[data-test=contract-row]")).ToHaveCountAsync(1);
        await tab.GotoAsync($"/s/{owner.Slug}/contract-templates");
        await tab.ClickAsync("[data-test=new-template]");
        await page.FillAsync("#name", "Licence");
        await page.FillAsync("#body", "Licence for {{client.name}}");
        await tab.ClickAsync("[data-test=save]");
        await Assertions.Expect(page.Locator("[data-test=template-row]")).ToHaveCountAsync(2);
    }
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class ContractJourneyTests_Sqlite(SqliteBrowserFixture fx) : ContractJourneyTests<SqliteAppFactory>(fx);

[Collection(PostgresBrowserCollection.Name)]
public sealed class ContractJourneyTests_Postgres(PostgresBrowserFixture fx) : ContractJourneyTests<PostgresAppFactory>(fx);
