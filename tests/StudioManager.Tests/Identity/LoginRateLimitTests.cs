using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
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

    /// <summary>Posts to the API login as if from this address (see ClientIpFromHeader).</summary>
    private async Task<int> ApiLoginFromAsync(string ip, string email, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add(ClientIpFromHeader.Header, ip);
        return (int)(await _fromIp.Value.SendAsync(request)).StatusCode;
    }

    private readonly Lazy<HttpClient> _fromIp = new(() => app.WithWebHostBuilder(b =>
        b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, ClientIpFromHeader>())).CreateClient());

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
