using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Projects;

namespace StudioManager.BrowserTests;

/// <summary>An engineer's session with a mix, in a real browser: projects, a project's tracks, the track page's player
/// (waveform drawn, a click on it starts a comment at that time), an upload through the page, credits, musicians, the
/// client's projects. Every page is checked by <see cref="BrowserTab"/> (axe-core, console, resources).</summary>
public abstract class ProjectJourneyTests<TFactory>(BrowserFixture<TFactory> fx) where TFactory : StudioAppFactory, new()
{
    [Fact]
    public async Task ShouldPlayAMixCommentAtAClickedTimeAndUploadTheNextRevision()
    {
        var owner = await fx.App.RegisterStudioAsync("Mix Room");
        var (clientId, projectId, trackId) = await TestAudio.ProjectWithTrackAsync(owner, "Blue Hour");
        await TestAudio.UploadAsync(owner, trackId, "rough_mix", TestAudio.Wav(seconds: 10, rate: 8000));
        await using var tab = await fx.OpenTabAsync();
        var page = tab.Page;

        await tab.GotoAsync("/login");
        await page.FillAsync("[data-test=email]", owner.Email);
        await page.FillAsync("[data-test=password]", owner.Password);
        await tab.ClickAsync("[data-test=submit]");

        await tab.ClickAsync("nav >> text=Projects");
        await tab.ClickAsync("[data-test=project-link]");
        Assert.EndsWith($"/projects/{projectId}", tab.Url);
        await page.FillAsync("[data-test=track-title]", "Second Song");
        await tab.ClickAsync("[data-test=add-track]");
        await Assertions.Expect(page.Locator("[data-test=track-row]")).ToHaveCountAsync(2);

        await tab.ClickAsync("[data-test=track-link] >> text=Opening");
        Assert.Contains($"/tracks/{trackId}", tab.Url);
        // The waveform is drawn from the API's peaks.
        await page.WaitForFunctionAsync("() => { const c = document.querySelector('[data-test=waveform] canvas'); " +
            "return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v !== 0); }");
        var canvas = page.Locator("[data-test=waveform] canvas");
        var box = (await canvas.BoundingBoxAsync())!;
        await canvas.ClickAsync(new LocatorClickOptions { Position = new Position { X = box.Width / 4, Y = box.Height / 2 } });
        var position = double.Parse(await page.InputValueAsync("[data-test=comment-position]"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(position, 2.3, 2.7);
        await page.FillAsync("[data-test=comment-text]", "Bass drops out here");
        await tab.ClickAsync("[data-test=add-comment]");
        await Assertions.Expect(page.Locator("[data-test=comment]")).ToContainTextAsync("Bass drops out here");
        await Assertions.Expect(page.Locator("[data-test=marker]")).ToHaveCountAsync(1);

        var wav = Path.Combine(Path.GetTempPath(), $"mix-{Guid.NewGuid():N}.wav");
        await File.WriteAllBytesAsync(wav, TestAudio.Wav(seconds: 3, rate: 8000));
        try
        {
            await page.SetInputFilesAsync("[data-test=upload-file]", wav);
            await tab.ClickAsync("[data-test=upload]");
        }
        finally { File.Delete(wav); }
        await Assertions.Expect(page.Locator("[data-test=revision]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-test=slot-tab-rough_mix]")).ToContainTextAsync("v2");

        await page.FillAsync("[data-test=credit-name]", "Lee Mixer");
        await page.SelectOptionAsync("[data-test=credit-role]", "MixingEngineer");
        await page.FillAsync("[data-test=credit-split]", "5");
        await tab.ClickAsync("[data-test=add-credit]");
        await Assertions.Expect(page.Locator("[data-test=credit]")).ToContainTextAsync("Lee Mixer");

        await tab.GotoAsync($"/s/{owner.Slug}/musicians");
        await page.FillAsync("[data-test=musician-name]", "Ray Drums");
        await page.FillAsync("[data-test=musician-instruments]", "drums, percussion");
        await tab.ClickAsync("[data-test=add-musician]");
        await Assertions.Expect(page.Locator("[data-test=musician-row]")).ToContainTextAsync("drums, percussion");

        await tab.GotoAsync($"/s/{owner.Slug}/clients/{clientId}");
        await Assertions.Expect(page.Locator("[data-test=client-project]")).ToContainTextAsync("Blue Hour");
    }

    [Fact]
    public async Task ShouldShareATrackBehindAPasswordRevokeItAndEditAMusician()
    {
        var owner = await fx.App.RegisterStudioAsync("Share Room");
        var (_, _, trackId) = await TestAudio.ProjectWithTrackAsync(owner, "Night Drive");
        await TestAudio.UploadAsync(owner, trackId, "final_mix", TestAudio.Wav(seconds: 4, rate: 8000));
        var musician = await owner.Http.PostAsJsonAsync(owner.Api("/musicians"), new { name = "Kim Keys", instruments = new[] { "piano" } });
        await StudioApi.EnsureAsync(musician);
        await using var tab = await fx.OpenTabAsync();
        var page = tab.Page;

        await tab.GotoAsync("/login");
        await page.FillAsync("[data-test=email]", owner.Email);
        await page.FillAsync("[data-test=password]", owner.Password);
        await tab.ClickAsync("[data-test=submit]");

        await tab.GotoAsync($"/s/{owner.Slug}/tracks/{trackId}?version=final_mix");
        await page.FillAsync("[data-test=share-password]", "open sesame");
        await page.FillAsync("[data-test=share-views]", "5");
        await tab.ClickAsync("[data-test=create-share]");
        var url = await page.InputValueAsync("[data-test=share-url]");
        Assert.Contains($"/share/{owner.Slug}.", url);
        await Assertions.Expect(page.Locator("[data-test=share]")).ToHaveCountAsync(1);

        // The public page, without the studio's session: the password, then the player.
        var path = new Uri(url).PathAndQuery;
        await using (var visitor = await fx.OpenTabAsync())
        {
            await visitor.GotoAsync(path);
            await visitor.Page.FillAsync("[data-test=share-password]", "open sesame");
            await visitor.ClickAsync("[data-test=share-open]");
            await Assertions.Expect(visitor.Page.Locator("[data-test=shared-track]")).ToContainTextAsync("Opening");
        }

        await tab.ClickAsync("[data-test=revoke-share]");
        await Assertions.Expect(page.Locator("[data-test=share-state]")).ToHaveTextAsync("Revoked");
        await tab.GotoAsync(path, status: 410);

        await tab.GotoAsync($"/s/{owner.Slug}/musicians");
        await tab.ClickAsync("[data-test=musician-edit] >> text=Kim Keys");
        await page.FillAsync("[data-test=musician-name]", "Kim Grand");
        await page.FillAsync("[data-test=musician-instruments]", "piano, organ");
        await tab.ClickAsync("[data-test=save]");
        await Assertions.Expect(page.Locator("[data-test=musician-row]")).ToContainTextAsync("piano, organ");
        await Assertions.Expect(page.Locator("[data-test=musician-row]")).ToContainTextAsync("Kim Grand");
    }
}

[Collection(SqliteBrowserCollection.Name)]
public sealed class ProjectJourneyTests_Sqlite(SqliteBrowserFixture fx) : ProjectJourneyTests<SqliteAppFactory>(fx);

[Collection(PostgresBrowserCollection.Name)]
public sealed class ProjectJourneyTests_Postgres(PostgresBrowserFixture fx) : ProjectJourneyTests<PostgresAppFactory>(fx);
