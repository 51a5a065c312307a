using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.BrowserTests;

/// <summary>The app on a real Kestrel socket and Debian's Chromium driven by Playwright (its own browser download
/// is impossible here, so the executable is given).</summary>
public abstract class BrowserFixture<TFactory> : IAsyncLifetime where TFactory : StudioAppFactory, new()
{
    public TFactory App { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright _playwright = null!;

    public async Task InitializeAsync()
    {
        App.UseKestrel(0);
        await App.InitializeAsync();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1");

        var chromium = Environment.GetEnvironmentVariable("RSM_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"Chromium not found at {chromium}: install Debian's chromium package (./test.sh does).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A new tab with its own cookies that checks every page it shows (see <see cref="BrowserTab"/>).</summary>
    public Task<BrowserTab> OpenTabAsync() => BrowserTab.OpenAsync(Browser, BaseUrl);

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await ((IAsyncLifetime)App).DisposeAsync();
    }
}

public sealed class SqliteBrowserFixture : BrowserFixture<SqliteAppFactory>;
public sealed class PostgresBrowserFixture : BrowserFixture<PostgresAppFactory>;

[CollectionDefinition(Name)]
public sealed class SqliteBrowserCollection : ICollectionFixture<SqliteBrowserFixture>
{
    public const string Name = "browser-sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresBrowserCollection : ICollectionFixture<PostgresBrowserFixture>
{
    public const string Name = "browser-postgres";
}
