using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Identity;

/// <summary>Its own app with a low per-IP limit, so the other tests never meet it.</summary>
public abstract class LoginRateLimitTests(StudioAppFactory app) : IAsyncLifetime
{
    private const int Limit = 3;

    public Task InitializeAsync()
    {
        app.Settings["Auth:LoginAttemptsPerMinutePerIp"] = Limit.ToString();
        app.Settings["Auth:RegistrationsPerHourPerIp"] = Limit.ToString();
        return app.InitializeAsync();
    }

    public Task DisposeAsync() => ((IAsyncLifetime)app).DisposeAsync();

    [Fact]
    public async Task ShouldLimitLoginAttemptsPerIpOnTheApiAndTheLoginPage()
    {
        var s = await app.RegisterStudioAsync();

        for (var i = 0; i < Limit; i++)
            Assert.Equal(StatusCodes.Status401Unauthorized, await ApiLoginFromAsync("10.0.0.1", s.Email, "Wrong-passw0rd"));
        Assert.Equal(StatusCodes.Status429TooManyRequests, await ApiLoginFromAsync("10.0.0.1", s.Email, s.Password));
        // Another address is not affected.
        Assert.Equal(StatusCodes.Status200OK, await ApiLoginFromAsync("10.0.0.2", s.Email, s.Password));

        // The login form: showing it is free, posting it counts. RegisterStudioAsync's API login already used one
        // attempt of the test client's (address-less) partition.
        var browser = Browser.Open(app);
        for (var i = 1; i < Limit; i++)
            Assert.Equal(HttpStatusCode.OK, (await browser.SubmitAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = s.Email, ["Input.Password"] = "Wrong-passw0rd" })).StatusCode);
        var limited = await browser.SubmitAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = s.Email, ["Input.Password"] = s.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Too many", await limited.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await browser.Http.PostAsJsonAsync("/api/auth/forgot-password", new { email = s.Email })).StatusCode);
    }

    [Fact]
    public async Task ShouldLimitRegistrationsPerIpOnTheApiAndTheRegisterPage()
    {
        // Every attempt counts, a refused one too: the limit is on what one address may try.
        var api = ClientFrom("10.0.1.1");
        for (var i = 0; i < Limit; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/api/auth/register", new { email = "not-an-email" })).StatusCode);
        var valid = new { email = StudioApi.NewEmail(), password = "Passw0rd-test", name = "Limited", studioName = "Limited Studio" };
        var limited = await api.PostAsJsonAsync("/api/auth/register", valid);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(1), $"Retry-After: {limited.Headers.RetryAfter}");
        Assert.Contains("registration", (await limited.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        // Another address is not affected.
        Assert.Equal(HttpStatusCode.Created, (await ClientFrom("10.0.1.2").PostAsJsonAsync("/api/auth/register", valid)).StatusCode);

        // The register page: showing it is free, posting it counts.
        var browser = new Browser(ClientFrom("10.0.1.3", browser: true));
        var empty = new Dictionary<string, string> { ["Input.Name"] = "", ["Input.Email"] = "" };
        for (var i = 0; i < Limit; i++)
            Assert.Equal(HttpStatusCode.OK, (await browser.SubmitAsync("/register", "register", empty)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/register")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await browser.SubmitAsync("/register", "register", empty)).StatusCode);
    }

    /// <summary>Posts to the API login as if from this address (see ClientIpFromHeader).</summary>
    private async Task<int> ApiLoginFromAsync(string ip, string email, string password) =>
        (int)(await ClientFrom(ip).PostAsJsonAsync("/api/auth/login", new { email, password })).StatusCode;

    /// <summary>A client whose requests come from this address (see ClientIpFromHeader).</summary>
    private HttpClient ClientFrom(string ip, bool browser = false)
    {
        var client = _fromIp.Value.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = !browser, HandleCookies = true });
        client.DefaultRequestHeaders.Add(ClientIpFromHeader.Header, ip);
        return client;
    }

    private readonly Lazy<WebApplicationFactory<Program>> _fromIp = new(() => app.WithWebHostBuilder(b =>
        b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, ClientIpFromHeader>())));

    /// <summary>The test server has no client address; this sets one per request, before the rate limiter runs.</summary>
    private sealed class ClientIpFromHeader : IStartupFilter
    {
        public const string Header = "X-Test-Client-Ip";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use((http, nextMiddleware) =>
            {
                if (IPAddress.TryParse(http.Request.Headers[Header], out var ip)) http.Connection.RemoteIpAddress = ip;
                return nextMiddleware(http);
            });
            next(builder);
        };
    }
}

public sealed class LoginRateLimitTests_Sqlite() : LoginRateLimitTests(new SqliteAppFactory());

public sealed class LoginRateLimitTests_Postgres() : LoginRateLimitTests(new PostgresAppFactory());
