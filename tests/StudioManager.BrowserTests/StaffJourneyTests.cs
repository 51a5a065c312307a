using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Platform;

namespace StudioManager.BrowserTests;

/// <summary>Staff journeys in a real browser, through every staff page with real content. Each page shown is checked
/// by <see cref="BrowserTab"/> (axe-core, console, resources).</summary>
public abstract class StaffJourneyTests<TFactory>(BrowserFixture<TFactory> fx) where TFactory : StudioAppFactory, new()
{
    private static Task Expect(ILocator locator, string text) => Assertions.Expect(locator).ToContainTextAsync(text);

    /// <summary>A new studio owner's first minutes: register, add a client (after a refused form), add, edit and
    /// delete notes, archive and reactivate the client, edit it, sign out and back in, find the client, import a file
    /// with a bad row.</summary>
    [Fact]
    public async Task ShouldRegisterAddClientAndNoteAndFindThemAfterSigningInAgain()
    {
        var email = StudioApi.NewEmail("owner");
        const string password = "Journey-2026";
        await using var tab = await fx.OpenTabAsync();
        var page = tab.Page;

        await tab.GotoAsync("/register");
        await page.FillAsync("[data-test=name]", "Nina Producer");
        await page.FillAsync("[data-test=email]", email);
        await page.FillAsync("[data-test=password]", password);
        await page.FillAsync("[data-test=studio-name]", "Night Owl Studio");
        await tab.ClickAsync("[data-test=submit]");
        Assert.Matches(@"/s/night-owl-studio[^/]*/clients$", tab.Url);
        await Assertions.Expect(page.Locator("[data-test=empty-state]")).ToBeVisibleAsync();
        var studioUrl = tab.Url[..tab.Url.IndexOf("/clients", StringComparison.Ordinal)];

        await tab.ClickAsync("[data-test=new-client]");
        await page.FillAsync("#deposit", "150");
        await tab.ClickAsync("[data-test=save]"); // refused: the form again, with its messages
        await Assertions.Expect(page.Locator("[data-test=form-errors]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=error-name]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=error-defaultDepositPercent]")).ToBeVisibleAsync();

        await page.FillAsync("[data-test=client-name]", "Ada Lovelace");
        await page.FillAsync("[data-test=client-email]", "ada@example.com");
        await page.FillAsync("#deposit", "30");
        await page.FillAsync("[data-test=client-genres]", "Synth-pop, Ambient");
        await tab.ClickAsync("[data-test=save]");
        Assert.Matches(new Regex(@"/clients/\d+$"), tab.Url);
        var clientUrl = tab.Url;
        await Expect(page.Locator("h1"), "Ada Lovelace");

        await page.FillAsync("[data-test=note-text]", "Prefers Neumann U87 on vocals.");
        await tab.ClickAsync("[data-test=add-note]");
        await Expect(page.Locator("[data-test=note]").First, "Prefers Neumann U87 on vocals.");
        await tab.ClickAsync("[data-test=edit-note]");
        await page.FillAsync("[data-test=edit-note-text]", "Prefers Neumann U87 on vocals, no compression.");
        await tab.ClickAsync("[data-test=save-note]");
        await Expect(page.Locator("[data-test=note-body]").First, "no compression");
        await page.FillAsync("[data-test=note-text]", "Books Tuesdays.");
        await tab.ClickAsync("[data-test=add-note]");
        await tab.ClickAsync("[data-test=note]:has-text('Books Tuesdays') [data-test=delete-note]");
        await tab.ClickAsync("[data-test=confirm-delete-note] [data-test=confirm-delete]");
        await Assertions.Expect(page.Locator("[data-test=note]")).ToHaveCountAsync(1);

        await tab.ClickAsync("[data-test=toggle-active]");
        await Assertions.Expect(page.Locator("[data-test=badge-archived]")).ToBeVisibleAsync();
        await tab.ClickAsync("[data-test=toggle-active]");
        await Assertions.Expect(page.Locator("[data-test=badge-active]")).ToBeVisibleAsync();
        await tab.ClickAsync("[data-test=delete-client]");
        await tab.ClickAsync("[data-test=confirm-delete-client] >> text=Cancel");
        await page.ClickAsync("[data-test=studio-switcher] summary");
        await tab.CheckAsync();

        await tab.ClickAsync("[data-test=edit-client]");
        await page.FillAsync("[data-test=client-artist-name]", "Countess");
        await tab.ClickAsync("[data-test=save]");
        await Expect(page.Locator("[data-test=client-title]"), "Countess");

        await tab.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-test=note]")).ToHaveCountAsync(1);

        await tab.ClickAsync("[data-test=sign-out]");
        Assert.Contains("/login", tab.Url);
        await tab.GotoAsync(clientUrl);
        Assert.Contains("/login", tab.Url); // signed out: the client page asks to sign in

        await page.FillAsync("[data-test=email]", email);
        await page.FillAsync("[data-test=password]", password);
        await tab.ClickAsync("[data-test=submit]");
        Assert.Equal(clientUrl, tab.Url); // back where the login was asked for
        await Expect(page.Locator("[data-test=note-body]").First, "Prefers Neumann U87 on vocals, no compression.");

        await tab.GotoAsync(studioUrl + "/clients?q=lovelace");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ada Lovelace" })).ToBeVisibleAsync();
        await tab.GotoAsync(studioUrl + "/clients?q=nobody");
        await Assertions.Expect(page.Locator("[data-test=no-match]")).ToBeVisibleAsync();

        await page.SetInputFilesAsync("[data-test=import-file]", new FilePayload
        {
            Name = "clients.csv", MimeType = "text/csv", Buffer = "name,email\nGrace Hopper,not-an-email\n"u8.ToArray(),
        });
        await tab.ClickAsync("[data-test=import]"); // refused: the report lists the bad row
        await Assertions.Expect(page.Locator("[data-test=import-issue]")).ToHaveCountAsync(1);
    }

    /// <summary>An owner's team and studio pages: invite an engineer (who accepts in their own browser and sees the
    /// team and settings read-only), change the settings (after a refused value), add a second studio, meet the 404
    /// page, change the engineer's role; a forgotten password.</summary>
    [Fact]
    public async Task ShouldInviteAMemberChangeSettingsAndAddAStudio()
    {
        var owner = await fx.App.RegisterStudioAsync("Harbour Sound");
        await using var tab = await fx.OpenTabAsync();
        var page = tab.Page;

        await tab.GotoAsync("/login");
        await page.FillAsync("[data-test=email]", owner.Email);
        await page.FillAsync("[data-test=password]", owner.Password);
        await tab.ClickAsync("[data-test=submit]");
        Assert.EndsWith($"/s/{owner.Slug}", tab.Url); // the studio home

        await tab.ClickAsync("nav >> text=Team");
        await Assertions.Expect(page.Locator("[data-test=no-invitations]")).ToBeVisibleAsync();
        var engineer = StudioApi.NewEmail("engineer");
        await page.FillAsync("[data-test=invite-email]", engineer);
        await page.SelectOptionAsync("[data-test=invite-role]", "Engineer");
        await tab.ClickAsync("[data-test=invite]");
        await Expect(page.Locator("[data-test=invitations]"), engineer);

        await tab.ClickAsync("nav >> text=Settings");
        await page.FillAsync("[data-test=currency]", "EURO");
        await tab.ClickAsync("[data-test=submit]"); // refused: the form again, with its messages
        await Assertions.Expect(page.Locator("[data-test=error-currency]")).ToBeVisibleAsync();
        await page.FillAsync("[data-test=currency]", "EUR");
        await page.FillAsync("[data-test=city]", "Hamburg");
        await tab.ClickAsync("[data-test=submit]");
        await Assertions.Expect(page.Locator("[data-test=saved]")).ToBeVisibleAsync();

        await tab.GotoAsync("/studios/new");
        await page.FillAsync("[data-test=studio-name]", "Harbour Sound Annex");
        await tab.ClickAsync("[data-test=submit]");
        Assert.Matches(@"/s/harbour-sound-annex[^/]*/clients$", tab.Url);

        await tab.GotoAsync("/s/no-such-studio/clients", status: 404);
        await Expect(page.Locator("h1"), "Not found");

        await using var invitee = await fx.OpenTabAsync();
        var link = Team.LinkOf(await fx.App.Smtp.WaitForAsync(engineer));
        await invitee.GotoAsync(link["http://studio.test".Length..]);
        await Expect(invitee.Page.Locator("[data-test=studio-name]"), "Harbour Sound");
        await invitee.ClickAsync("[data-test=submit]"); // refused: no name, no password
        await Assertions.Expect(invitee.Page.Locator("[data-test=error-password]")).ToBeVisibleAsync();
        await invitee.Page.FillAsync("[data-test=name]", "Eli Engineer");
        await invitee.Page.FillAsync("[data-test=password]", "Engineer-2026");
        await invitee.ClickAsync("[data-test=submit]");
        Assert.EndsWith($"/s/{owner.Slug}/clients", invitee.Url);
        await invitee.ClickAsync("nav >> text=Team"); // read-only for an engineer
        await invitee.ClickAsync("nav >> text=Settings");
        await Assertions.Expect(invitee.Page.Locator("[data-test=read-only]")).ToBeVisibleAsync();
        await invitee.GotoAsync("/forbidden");

        await tab.GotoAsync($"/s/{owner.Slug}/members");
        var member = page.Locator("tr", new() { HasText = "Eli Engineer" });
        await member.Locator("[data-test=role]").SelectOptionAsync("Admin");
        await tab.ClickAsync("tr:has-text('Eli Engineer') [data-test=change-role]");
        await Assertions.Expect(page.Locator("[data-test=message]")).ToContainTextAsync("Role changed");

        await using var forgetful = await fx.OpenTabAsync();
        await forgetful.GotoAsync("/login");
        await forgetful.ClickAsync("[data-test=forgot-password]");
        await forgetful.Page.FillAsync("[data-test=email]", owner.Email);
        await forgetful.ClickAsync("[data-test=submit]");
        await Assertions.Expect(forgetful.Page.Locator("[data-test=reset-sent]")).ToBeVisibleAsync();
        var reset = Regex.Match((await fx.App.Smtp.WaitForAsync(owner.Email, m => m.Subject?.Contains("Reset") == true)).TextBody ?? "",
            @"http://studio\.test(/reset-password\?\S+)").Groups[1].Value;
        await forgetful.GotoAsync(reset);
        await Assertions.Expect(forgetful.Page.Locator("[data-test=password]")).ToBeVisibleAsync();
    }
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class StaffJourneyTests_Sqlite(SqliteBrowserFixture fx) : StaffJourneyTests<SqliteAppFactory>(fx);

[Collection(PostgresBrowserCollection.Name)]
public sealed class StaffJourneyTests_Postgres(PostgresBrowserFixture fx) : StaffJourneyTests<PostgresAppFactory>(fx);
