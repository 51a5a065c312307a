using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using StudioManager.Platform;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Platform;

namespace StudioManager.Tests.Identity;

/// <summary>Every lifetime the product promises, on both sides of its end: the app's clock (app.Clock) is moved, never
/// a row. A minute either side of the limit, since the tests of a collection share the clock and its absolute time.</summary>
public abstract class ExpiryTests(StudioAppFactory app)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task ShouldAcceptAnInvitationUntilSevenDaysAfterItWasSent()
    {
        var owner = await app.RegisterStudioAsync();
        var (onTime, late) = (StudioApi.NewEmail("ontime"), StudioApi.NewEmail("late"));
        var onTimeToken = await app.InviteAsync(owner, onTime, "engineer");
        var lateToken = await app.InviteAsync(owner, late, "engineer");
        var anon = app.CreateClient();

        app.Clock.Advance(TimeSpan.FromDays(7) - Minute);
        Assert.Equal(HttpStatusCode.OK, (await anon.PostAsJsonAsync("/api/invitations/accept", new { token = onTimeToken, name = "On Time", password = "Passw0rd-ontime" })).StatusCode);
        app.Clock.Advance(2 * Minute);
        // Another browser: the first acceptance signed this one in, and a signed-in browser's API writes need the antiforgery token.
        var refused = await app.CreateClient().PostAsJsonAsync("/api/invitations/accept", new { token = lateToken, name = "Late", password = "Passw0rd-late" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("expired", (await refused.ReadJsonAsync()).GetProperty("detail").GetString());
        var manager = await app.LoginAsync(owner.Email, owner.Password); // the owner's bearer token has long expired
        var statuses = (await manager.GetFromJsonAsync<JsonElement>(owner.Api("/invitations"), StudioApi.Json)).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("email").GetString()!, i => i.GetProperty("status").GetString());
        Assert.Equal("accepted", statuses[onTime]);
        Assert.Equal("expired", statuses[late]);
    }

    [Fact]
    public async Task ShouldHonourAPasswordResetLinkForTwoHours()
    {
        var s = await app.RegisterStudioAsync();
        var expiring = await RequestResetTokenAsync(s.Email);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var fresh = await RequestResetTokenAsync(s.Email);
        app.Clock.Advance(TimeSpan.FromHours(1) + Minute); // the first link is 2 h 1 min old, the second 1 h 1 min
        var anon = app.CreateClient();

        var expired = await anon.PostAsJsonAsync("/api/auth/reset-password", new { email = s.Email, token = expiring, newPassword = "Late-passw0rd" });
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.True((await expired.ReadJsonAsync()).GetProperty("errors").TryGetProperty("token", out _));
        app.Clock.Advance(TimeSpan.FromHours(1) - 2 * Minute); // the second link is 1 h 59 min old
        var reset = await anon.PostAsJsonAsync("/api/auth/reset-password", new { email = s.Email, token = fresh, newPassword = "Fresh-passw0rd" });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        await app.LoginAsync(s.Email, "Fresh-passw0rd");
    }

    [Fact]
    public async Task ShouldUnlockTheAccountFifteenMinutesAfterTheLockout()
    {
        var s = await app.RegisterStudioAsync();
        var anon = app.CreateClient();
        for (var i = 0; i < 5; i++)
            await anon.PostAsJsonAsync("/api/auth/login", new { email = s.Email, password = "Wrong-passw0rd" });
        Assert.Equal(HttpStatusCode.Locked, await LoginAsync(s));

        app.Clock.Advance(TimeSpan.FromMinutes(15) - Minute);
        Assert.Equal(HttpStatusCode.Locked, await LoginAsync(s));
        app.Clock.Advance(2 * Minute);
        Assert.Equal(HttpStatusCode.OK, await LoginAsync(s));
    }

    [Fact]
    public async Task ShouldHonourAnAccessTokenForAnHourAndARefreshTokenForFourteenDays()
    {
        var s = await app.RegisterStudioAsync();
        var anon = app.CreateClient();
        var tokens = await (await anon.PostAsJsonAsync("/api/auth/login", new { email = s.Email, password = s.Password })).ReadJsonAsync();
        var refreshToken = tokens.GetProperty("refreshToken").GetString();

        app.Clock.Advance(TimeSpan.FromHours(1) - Minute);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(tokens.GetProperty("accessToken").GetString()));
        app.Clock.Advance(2 * Minute);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(tokens.GetProperty("accessToken").GetString()));

        app.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromHours(1) - 2 * Minute); // 14 days less a minute since the login
        var refreshed = await anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var renewed = await refreshed.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, await MeAsync(renewed.GetProperty("accessToken").GetString()));
        app.Clock.Advance(2 * Minute);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken })).StatusCode);
        // The refresh gave a new pair, whose fourteen days started at the refresh.
        Assert.Equal(HttpStatusCode.OK, (await anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = renewed.GetProperty("refreshToken").GetString() })).StatusCode);
    }

    private async Task<HttpStatusCode> LoginAsync(StudioSession s) =>
        (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = s.Email, password = s.Password })).StatusCode;

    private async Task<HttpStatusCode> MeAsync(string? accessToken)
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return (await http.GetAsync("/api/me")).StatusCode;
    }

    /// <summary>Asks for a reset link and returns the token of the new email (earlier ones to this address are skipped).</summary>
    private async Task<string> RequestResetTokenAsync(string email)
    {
        var earlier = app.Smtp.Messages;
        Assert.Equal(HttpStatusCode.Accepted, (await app.CreateClient().PostAsJsonAsync("/api/auth/forgot-password", new { email })).StatusCode);
        var mail = await app.Smtp.WaitForAsync(email, m => !earlier.Contains(m));
        return Uri.UnescapeDataString(Regex.Match(mail.TextBody ?? "", @"/reset-password\?\S*?\btoken=([^&\s]+)").Groups[1].Value);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ExpiryTests_Sqlite(SqliteAppFactory app) : ExpiryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ExpiryTests_Postgres(PostgresAppFactory app) : ExpiryTests(app);
