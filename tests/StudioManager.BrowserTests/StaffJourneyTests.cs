using Microsoft.Playwright;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.BrowserTests;

/// <summary>A new studio owner's first minutes, in a real browser: register, add a client, add a note, see it on the
/// client page, sign out and back in.</summary>
public abstract class StaffJourneyTests<TFactory>(BrowserFixture<TFactory> fx) where TFactory : StudioAppFactory, new()
{
    [Fact]
    public async Task ShouldRegisterAddClientAndNoteAndFindThemAfterSigningInAgain()
    {
        var email = StudioApi.NewEmail("owner");
        const string password = "Journey-2026";
        await using var context = await fx.Browser.NewContextAsync(new() { BaseURL = fx.BaseUrl });
        // Generous waits: CI shares two cores between the app, PostgreSQL and Chromium.
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/register");
        await page.FillAsync("[data-test=name]", "Nina Producer");
        await page.FillAsync("[data-test=email]", email);
        await page.FillAsync("[data-test=password]", password);
        await page.FillAsync("[data-test=studio-name]", "Night Owl Studio");
        await page.ClickAsync("[data-test=submit]");
        await page.WaitForURLAsync("**/s/night-owl-studio*/clients");
        var studioUrl = page.Url[..page.Url.IndexOf("/clients", StringComparison.Ordinal)];

        await page.ClickAsync("[data-test=new-client]");
        await page.FillAsync("[data-test=client-name]", "Ada Lovelace");
        await page.ClickAsync("[data-test=save]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/clients/\d+$"));
        var clientUrl = page.Url;
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Ada Lovelace");

        await page.FillAsync("[data-test=note-text]", "Prefers Neumann U87 on vocals.");
        await page.ClickAsync("[data-test=add-note]");
        await Assertions.Expect(page.Locator("[data-test=note]").First).ToContainTextAsync("Prefers Neumann U87 on vocals.");

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-test=note]")).ToHaveCountAsync(1);

        await page.ClickAsync("[data-test=sign-out]");
        await page.WaitForURLAsync("**/login*");
        await page.GotoAsync(clientUrl);
        await page.WaitForURLAsync("**/login*"); // signed out: the client page asks to sign in

        await page.FillAsync("[data-test=email]", email);
        await page.FillAsync("[data-test=password]", password);
        await page.ClickAsync("[data-test=submit]");
        await page.WaitForURLAsync(clientUrl); // back where the login was asked for
        await Assertions.Expect(page.Locator("[data-test=note]").First).ToContainTextAsync("Prefers Neumann U87 on vocals.");

        await page.GotoAsync(studioUrl + "/clients?q=lovelace");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ada Lovelace" })).ToBeVisibleAsync();
    }
}

public sealed class StaffJourneyTests_Sqlite(SqliteBrowserFixture fx) : StaffJourneyTests<SqliteAppFactory>(fx), IClassFixture<SqliteBrowserFixture>;

public sealed class StaffJourneyTests_Postgres(PostgresBrowserFixture fx) : StaffJourneyTests<PostgresAppFactory>(fx), IClassFixture<PostgresBrowserFixture>;
