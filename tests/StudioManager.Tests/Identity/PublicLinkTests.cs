using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Identity;

/// <summary>Its own app without Email:PublicBaseUrl, so the other tests keep theirs: links in mail then come from
/// the server's own configured address, never from what a request claims to be its host.</summary>
public abstract class PublicLinkTests(StudioAppFactory app) : IAsyncLifetime
{
    private const string ServerUrl = "http://rsm.internal:5080";
    private readonly LogCapture _logs = new();
    private WebApplicationFactory<Program> _logged = null!;

    public async Task InitializeAsync()
    {
        app.Settings["Email:PublicBaseUrl"] = "";
        app.Settings["urls"] = ServerUrl;
        await app.InitializeAsync();
        _logged = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(_logs)));
        _logged.StartServer();
    }

    public async Task DisposeAsync()
    {
        await _logged.DisposeAsync();
        await ((IAsyncLifetime)app).DisposeAsync();
    }

    [Fact]
    public async Task ShouldBuildMailLinksFromTheServersAddressNotFromTheHostHeader()
    {
        var s = await app.RegisterStudioAsync("Links Studio");
        var evil = _logged.CreateClient();

        var reset = new HttpRequestMessage(HttpMethod.Post, "/api/auth/forgot-password") { Content = JsonContent.Create(new { email = s.Email }) };
        reset.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.Accepted, (await evil.SendAsync(reset)).StatusCode);
        var resetMail = await app.Smtp.WaitForAsync(s.Email, m => m.Subject?.Contains("Reset") == true);
        Assert.Contains($"{ServerUrl}/reset-password?", resetMail.TextBody);
        Assert.DoesNotContain("evil.example", resetMail.TextBody + resetMail.HtmlBody);

        var guest = StudioApi.NewEmail("linked");
        var invite = new HttpRequestMessage(HttpMethod.Post, s.Api("/invitations")) { Content = JsonContent.Create(new { email = guest, role = "engineer" }) };
        invite.Headers.Host = "evil.example";
        invite.Headers.Authorization = s.Http.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.Created, (await evil.SendAsync(invite)).StatusCode);
        var inviteMail = await app.Smtp.WaitForAsync(guest);
        Assert.Contains($"{ServerUrl}/invitations/accept?token=", inviteMail.TextBody);
        Assert.DoesNotContain("evil.example", inviteMail.TextBody + inviteMail.HtmlBody);
    }

    [Fact]
    public void ShouldWarnAtStartUpThatPublicBaseUrlIsUnset()
    {
        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Email:PublicBaseUrl"));
        Assert.Contains(ServerUrl, warning.Message);
    }

    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(Entries);
        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<(LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}

public sealed class PublicLinkTests_Sqlite() : PublicLinkTests(new SqliteAppFactory());

public sealed class PublicLinkTests_Postgres() : PublicLinkTests(new PostgresAppFactory());
