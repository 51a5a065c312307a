using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using StudioManager.Identity;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Identity;

public abstract class AccountTests(StudioAppFactory app)
{
    private static Dictionary<string, string> LoginFields(string email, string password) =>
        new() { ["Input.Email"] = email, ["Input.Password"] = password };

    [Fact]
    public async Task ShouldSignInThroughLoginPageWithCookieAndGoToReturnUrl()
    {
        var s = await app.RegisterStudioAsync();
        var browser = Browser.Open(app);

        var target = await browser.SubmitExpectingRedirectAsync($"/login?ReturnUrl=%2Fs%2F{s.Slug}%2Fsettings", "login", LoginFields(s.Email, s.Password));

        Assert.Equal($"/s/{s.Slug}/settings", target);
        Assert.NotEmpty(await AuthCookieAsync(browser));
        var me = await (await browser.Http.GetAsync("/api/me")).ReadJsonAsync();
        Assert.Equal(s.Email, me.GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task ShouldNeverRedirectLoginToAnotherSite()
    {
        var s = await app.RegisterStudioAsync();
        foreach (var evil in new[] { "//evil.test/x", "https://evil.test/", "/\\evil.test" })
        {
            var target = await Browser.Open(app).SubmitExpectingRedirectAsync($"/login?ReturnUrl={Uri.EscapeDataString(evil)}", "login", LoginFields(s.Email, s.Password));
            Assert.Equal("/", target);
        }
    }

    [Fact]
    public async Task ShouldShowTheSameGenericErrorForWrongPasswordAndUnknownEmail()
    {
        var s = await app.RegisterStudioAsync();
        var wrongPassword = await Browser.Open(app).SubmitAsync("/login", "login", LoginFields(s.Email, "Wrong-passw0rd"));
        var unknown = await Browser.Open(app).SubmitAsync("/login", "login", LoginFields(StudioApi.NewEmail(), "Wrong-passw0rd"));

        foreach (var response in new[] { wrongPassword, unknown })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Wrong email or password.", LoginError(await response.Content.ReadAsStringAsync()));
        }
        var api = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = s.Email, password = "Wrong-passw0rd" });
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task ShouldLockTheAccountAfterRepeatedFailuresThenUnlockByPasswordReset()
    {
        var s = await app.RegisterStudioAsync();
        var anon = app.CreateClient();
        for (var i = 0; i < 5; i++)
            await anon.PostAsJsonAsync("/api/auth/login", new { email = s.Email, password = "Wrong-passw0rd" });

        // Even the right password is refused while locked, on the API and on the page.
        var api = await anon.PostAsJsonAsync("/api/auth/login", new { email = s.Email, password = s.Password });
        Assert.Equal(HttpStatusCode.Locked, api.StatusCode);
        var page = await Browser.Open(app).SubmitAsync("/login", "login", LoginFields(s.Email, s.Password));
        Assert.Contains("locked", LoginError(await page.Content.ReadAsStringAsync()));

        var token = await RequestResetTokenAsync(s.Email);
        var reset = await anon.PostAsJsonAsync("/api/auth/reset-password", new { email = s.Email, token, newPassword = "New-passw0rd" });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        await app.LoginAsync(s.Email, "New-passw0rd");
    }

    [Fact]
    public async Task ShouldRegisterThroughThePageSignInAndOpenTheStudio()
    {
        var email = StudioApi.NewEmail();
        var browser = Browser.Open(app);
        var target = await browser.SubmitExpectingRedirectAsync("/register", "register", new Dictionary<string, string>
        {
            ["Input.Name"] = "Page User", ["Input.Email"] = email, ["Input.Password"] = "Passw0rd-page",
            ["Input.StudioName"] = "Page Made Studio", ["Input.TimeZone"] = "Europe/Berlin", ["Input.Currency"] = "eur",
        });

        Assert.Matches("^/s/page-made-studio(-\\d+)?/clients$", target);
        var me = await (await browser.Http.GetAsync("/api/me")).ReadJsonAsync();
        Assert.Equal(email, me.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal(target.Split('/')[2], Assert.Single(me.GetProperty("studios").EnumerateArray()).GetProperty("slug").GetString());
    }

    [Fact]
    public async Task ShouldShowRegistrationErrorsBesideTheirFields()
    {
        var existing = await app.RegisterStudioAsync();
        var browser = Browser.Open(app);
        var response = await browser.SubmitAsync("/register", "register", new Dictionary<string, string>
        {
            ["Input.Name"] = "", ["Input.Email"] = existing.Email, ["Input.Password"] = "short",
            ["Input.StudioName"] = "", ["Input.TimeZone"] = "Mars/Olympus", ["Input.Currency"] = "EURO",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var field in new[] { "name", "password", "studioName", "timeZone", "currency" })
            Assert.Contains($"data-test=\"error-{field}\"", html);
        Assert.Empty(await AuthCookieAsync(browser));
    }

    [Fact]
    public async Task ShouldResetThePasswordWithTheEmailedLinkAndChangeTheSecurityStamp()
    {
        var s = await app.RegisterStudioAsync();
        var anon = app.CreateClient();
        var tokens = await (await anon.PostAsJsonAsync("/api/auth/login", new { email = s.Email, password = s.Password })).ReadJsonAsync();
        var stampBefore = await SecurityStampAsync(s.Email);

        var token = await RequestResetTokenAsync(s.Email);
        var reset = await anon.PostAsJsonAsync("/api/auth/reset-password", new { email = s.Email, token, newPassword = "Brand-new-passw0rd" });

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.NotEqual(stampBefore, await SecurityStampAsync(s.Email));
        // The old password and the sessions issued before the reset are void; the link works once.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsJsonAsync("/api/auth/login", new { email = s.Email, password = s.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() })).StatusCode);
        var again = await anon.PostAsJsonAsync("/api/auth/reset-password", new { email = s.Email, token, newPassword = "Another-passw0rd" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.True((await again.ReadJsonAsync()).GetProperty("errors").TryGetProperty("token", out _));
        await app.LoginAsync(s.Email, "Brand-new-passw0rd");
    }

    [Fact]
    public async Task ShouldAnswer202ToForgotPasswordWhetherOrNotTheAccountExists()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/forgot-password", new { email = StudioApi.NewEmail("nobody") });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task ShouldRejectAWeakNewPasswordAndAForgedToken()
    {
        var s = await app.RegisterStudioAsync();
        var anon = app.CreateClient();
        var forged = await anon.PostAsJsonAsync("/api/auth/reset-password", new { email = s.Email, token = "bm90LWEtdG9rZW4", newPassword = "Good-passw0rd" });
        Assert.True((await forged.ReadJsonAsync()).GetProperty("errors").TryGetProperty("token", out _));

        var token = await RequestResetTokenAsync(s.Email);
        var weak = await anon.PostAsJsonAsync("/api/auth/reset-password", new { email = s.Email, token, newPassword = "weak" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.True((await weak.ReadJsonAsync()).GetProperty("errors").TryGetProperty("newPassword", out _));
    }

    [Fact]
    public async Task ShouldResetThePasswordThroughThePages()
    {
        var s = await app.RegisterStudioAsync();
        var browser = Browser.Open(app);
        var sent = await browser.SubmitAsync("/forgot-password", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = s.Email });
        Assert.Contains("data-test=\"reset-sent\"", await sent.Content.ReadAsStringAsync());

        var link = ResetLink(await app.Smtp.WaitForAsync(s.Email, m => m.Subject?.Contains("Reset") == true));
        Assert.StartsWith("http://studio.test/reset-password?", link);
        var target = await browser.SubmitExpectingRedirectAsync(link["http://studio.test".Length..], "reset-password",
            new Dictionary<string, string> { ["Input.NewPassword"] = "Page-reset-passw0rd" });

        Assert.Equal("/login?reset=true", target);
        await app.LoginAsync(s.Email, "Page-reset-passw0rd");
    }

    [Fact]
    public async Task ShouldStartAFreshSessionAtEachLogin()
    {
        var a = await app.RegisterStudioAsync();
        var b = await app.RegisterStudioAsync();

        var first = await (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = a.Email, password = a.Password })).ReadJsonAsync();
        var second = await (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = a.Email, password = a.Password })).ReadJsonAsync();
        Assert.NotEqual(first.GetProperty("accessToken").GetString(), second.GetProperty("accessToken").GetString());
        Assert.NotEqual(first.GetProperty("refreshToken").GetString(), second.GetProperty("refreshToken").GetString());

        // A browser signed in as A that signs in as B gets a new cookie, for B only.
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", LoginFields(a.Email, a.Password));
        var cookieA = await AuthCookieAsync(browser);
        await browser.SubmitExpectingRedirectAsync("/login", "login", LoginFields(b.Email, b.Password));
        var cookieB = await AuthCookieAsync(browser);
        Assert.NotEqual(cookieA, cookieB);
        var me = await (await browser.Http.GetAsync("/api/me")).ReadJsonAsync();
        Assert.Equal(b.Email, me.GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task ShouldRefreshTokensAndRefuseAForgedRefreshToken()
    {
        var s = await app.RegisterStudioAsync();
        var anon = app.CreateClient();
        var tokens = await (await anon.PostAsJsonAsync("/api/auth/login", new { email = s.Email, password = s.Password })).ReadJsonAsync();

        var refreshed = await anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var access = (await refreshed.ReadJsonAsync()).GetProperty("accessToken").GetString();
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", access);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);

        var forged = await anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "forged" });
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task ShouldSignOutThroughTheFormAndTheApi()
    {
        var s = await app.RegisterStudioAsync();
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", LoginFields(s.Email, s.Password));

        // The layout's sign-out form is a plain form (no _handler): post its antiforgery token.
        var html = await browser.GetHtmlAsync("/studios/new");
        var antiforgery = Regex.Match(html, "action=\"/logout\".*?name=\"__RequestVerificationToken\" value=\"([^\"]+)\"", RegexOptions.Singleline).Groups[1].Value;
        var signOut = await browser.Http.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery }));
        Assert.Equal("/login", signOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync("/api/me")).StatusCode);

        var api = Browser.Open(app);
        await api.SubmitExpectingRedirectAsync("/login", "login", LoginFields(s.Email, s.Password));
        // With the cookie, an API write carries the antiforgery token like the app's pages do.
        var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
        logout.Headers.Add("RequestVerificationToken", await api.AntiforgeryTokenAsync("/studios/new"));
        Assert.Equal(HttpStatusCode.NoContent, (await api.Http.SendAsync(logout)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Http.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task ShouldAnswer401ToAnonymousMe()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task ShouldAnswer401WhenTheSignedInUserNoLongerExists()
    {
        var email = StudioApi.NewEmail("gone");
        const string password = "Passw0rd-gone";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<UserManager<User>>()
                .CreateAsync(new User { UserName = email, Email = email, Name = "Soon Gone", CreatedAt = DateTime.UtcNow }, password);
            Assert.True(created.Succeeded);
        }
        var bearer = await app.LoginAsync(email, password);
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", LoginFields(email, password));
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/me")).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            Assert.True((await users.DeleteAsync((await users.FindByEmailAsync(email))!)).Succeeded);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.PostAsJsonAsync("/api/studios", new { name = "Ghost Studio" })).StatusCode);
    }

    private async Task<string> RequestResetTokenAsync(string email)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/forgot-password", new { email });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var link = ResetLink(await app.Smtp.WaitForAsync(email, m => m.Subject?.Contains("Reset") == true));
        return Uri.UnescapeDataString(Regex.Match(link, "[?&]token=([^&]+)").Groups[1].Value);
    }

    private static string ResetLink(MimeKit.MimeMessage message) =>
        Regex.Match(message.TextBody ?? "", @"http://studio\.test/reset-password\?\S+").Value;

    private static string? LoginError(string html) =>
        Regex.Match(html, "data-test=\"login-error\">([^<]*)<") is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    private async Task<string?> SecurityStampAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByEmailAsync(email))!.SecurityStamp;
    }

    /// <summary>The auth cookie the browser would send now (the test client keeps cookies in its handler).</summary>
    private static async Task<string> AuthCookieAsync(Browser browser)
    {
        var response = await browser.Http.GetAsync("/api/me");
        return response.RequestMessage!.Headers.TryGetValues("Cookie", out var values)
            ? Regex.Match(string.Join(";", values), "rsm\\.auth=([^;]+)").Groups[1].Value
            : "";
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AccountTests_Sqlite(SqliteAppFactory app) : AccountTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AccountTests_Postgres(PostgresAppFactory app) : AccountTests(app);
