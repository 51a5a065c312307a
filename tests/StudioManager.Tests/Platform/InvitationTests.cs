using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudioManager.Infrastructure.Data;
using StudioManager.Platform;
using StudioManager.Tests.Identity;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

public abstract class InvitationTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldEmailAnAcceptLinkAndStoreOnlyTheTokensHash()
    {
        var owner = await app.RegisterStudioAsync("Invite Studio");
        var email = StudioApi.NewEmail("guest");

        var response = await owner.Http.PostAsJsonAsync(owner.Api("/invitations"), new { email, role = "engineer" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.Equal($"/api/studios/{owner.Slug}/invitations/{body.GetProperty("id").GetInt32()}", response.Headers.Location?.OriginalString);
        var message = await app.Smtp.WaitForAsync(email);
        Assert.Contains("Invite Studio", message.Subject);
        var token = Team.TokenOf(message);
        Assert.Equal(32, WebEncoders.Base64UrlDecode(token).Length);

        var row = await InvitationAsync(body.GetProperty("id").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(WebEncoders.Base64UrlDecode(token))), row.TokenHash);
        Assert.DoesNotContain(token, row.TokenHash);
        Assert.Equal(TimeSpan.FromDays(7), row.ExpiresAt - row.CreatedAt);
    }

    [Fact]
    public async Task ShouldCreateTheAccountWhenAcceptingAndRequireNameAndPassword()
    {
        var owner = await app.RegisterStudioAsync();
        var email = StudioApi.NewEmail("newcomer");
        var token = await app.InviteAsync(owner, email, "accountant");
        var anon = app.CreateClient();

        var incomplete = await anon.PostAsJsonAsync("/api/invitations/accept", new { token, password = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        var errors = (await incomplete.ReadJsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        var weak = await anon.PostAsJsonAsync("/api/invitations/accept", new { token, name = "Newcomer", password = "short" });
        Assert.True((await weak.ReadJsonAsync()).GetProperty("errors").TryGetProperty("password", out _));
        Assert.Null(await UserIdAsync(email)); // nothing half-created

        var accepted = await anon.PostAsJsonAsync("/api/invitations/accept", new { token, name = "Newcomer", password = "Passw0rd-new" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("accountant", (await accepted.ReadJsonAsync()).GetProperty("role").GetString());
        // The browser (this client keeps cookies) is signed in as the new account.
        var me = await (await anon.GetAsync("/api/me")).ReadJsonAsync();
        Assert.Equal(email, me.GetProperty("user").GetProperty("email").GetString());
        var studio = Assert.Single(me.GetProperty("studios").EnumerateArray());
        Assert.Equal(owner.Slug, studio.GetProperty("slug").GetString());
        Assert.Equal("accountant", studio.GetProperty("role").GetString());
    }

    [Fact]
    public async Task ShouldAddAnExistingAccountSignedInAsItWithoutAskingForAPassword()
    {
        var owner = await app.RegisterStudioAsync("Host Studio");
        var other = await app.RegisterStudioAsync("Own Studio");
        var token = await app.InviteAsync(owner, other.Email.ToUpperInvariant(), "admin");

        var accepted = await other.Http.PostAsJsonAsync("/api/invitations/accept", new { token });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var studios = (await (await other.Http.GetAsync("/api/me")).ReadJsonAsync()).GetProperty("studios").EnumerateArray()
            .ToDictionary(s => s.GetProperty("slug").GetString()!, s => s.GetProperty("role").GetString());
        Assert.Equal("admin", studios[owner.Slug]);
        Assert.Equal("owner", studios[other.Slug]);
    }

    [Fact]
    public async Task ShouldAcceptAnInvitationOnlyOnce()
    {
        var owner = await app.RegisterStudioAsync();
        var token = await app.InviteAsync(owner, StudioApi.NewEmail(), "engineer");
        var anon = app.CreateClient();

        var first = await anon.PostAsJsonAsync("/api/invitations/accept", new { token, name = "Once", password = "Passw0rd-once" });
        // Another browser: the first one is now signed in as the new account.
        var second = await app.CreateClient().PostAsJsonAsync("/api/invitations/accept", new { token, name = "Twice", password = "Passw0rd-twice" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task ShouldRefuseAnExistingAccountsInvitationToAnyoneButThatAccountWithoutUsingIt()
    {
        var owner = await app.RegisterStudioAsync("Guarded Studio");
        var invitee = await app.RegisterStudioAsync("Invitee Own Studio");
        var stranger = await app.RegisterStudioAsync("Stranger Studio");
        var token = await app.InviteAsync(owner, invitee.Email, "admin");

        // Anonymous: the link alone is not a login. No cookie is set.
        var anon = app.CreateClient();
        var anonymous = await anon.PostAsJsonAsync("/api/invitations/accept", new { token });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("sign in", (await anonymous.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/api/me")).StatusCode);
        // Asking to create the account that exists is a conflict, not a way in (nor a password change).
        var create = await anon.PostAsJsonAsync("/api/invitations/accept", new { token, name = "Intruder", password = "Passw0rd-intruder" });
        Assert.Equal(HttpStatusCode.Conflict, create.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/api/me")).StatusCode);
        await app.LoginAsync(invitee.Email, invitee.Password);

        // Signed in as someone else.
        var wrong = await stranger.Http.PostAsJsonAsync("/api/invitations/accept", new { token });
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        var detail = (await wrong.ReadJsonAsync()).GetProperty("detail").GetString()!;
        Assert.Contains(invitee.Email, detail);
        Assert.Contains("sign in as that account", detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await StudioSlugsAsync(stranger.Http), s => s == owner.Slug);

        // None of this used the token: the invitee still can.
        Assert.Equal("pending", Assert.Single((await owner.Http.GetFromJsonAsync<Paged>(owner.Api("/invitations"), StudioApi.Json))!.Items).Status);
        Assert.Equal(HttpStatusCode.OK, (await invitee.Http.PostAsJsonAsync("/api/invitations/accept", new { token })).StatusCode);
        Assert.Contains(await StudioSlugsAsync(invitee.Http), s => s == owner.Slug);
    }

    [Fact]
    public async Task ShouldSendAnExistingAccountThroughLoginAndBackOnTheAcceptPage()
    {
        var owner = await app.RegisterStudioAsync("Page Guarded Studio");
        var invitee = await app.RegisterStudioAsync("Page Invitee Studio");
        var token = await app.InviteAsync(owner, invitee.Email, "engineer");
        var url = $"/invitations/accept?token={token}";

        // Signed in as another account: told so, no accept button.
        var ownerBrowser = Browser.Open(app);
        await ownerBrowser.SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = owner.Email, ["Input.Password"] = owner.Password });
        var wrong = await ownerBrowser.GetHtmlAsync(url);
        Assert.Contains("data-test=\"sign-in-to-accept\"", wrong);
        Assert.Contains(invitee.Email, wrong);
        Assert.DoesNotContain("data-test=\"submit\"", wrong);

        var browser = Browser.Open(app);
        var html = await browser.GetHtmlAsync(url);
        Assert.Contains("Page Guarded Studio", html);
        Assert.DoesNotContain("data-test=\"submit\"", html);
        var signIn = System.Net.WebUtility.HtmlDecode(Regex.Match(html, "href=\"([^\"]+)\"[^>]*data-test=\"sign-in-to-accept\"").Groups[1].Value);
        Assert.StartsWith("/login?", signIn);

        var back = await browser.SubmitExpectingRedirectAsync(signIn, "login", new Dictionary<string, string> { ["Input.Email"] = invitee.Email, ["Input.Password"] = invitee.Password });
        Assert.Equal(url, back);
        var form = await browser.GetHtmlAsync(back);
        Assert.DoesNotContain("data-test=\"password\"", form);
        Assert.Equal($"/s/{owner.Slug}/clients", await browser.SubmitExpectingRedirectAsync(back, "accept"));
        Assert.Contains(await StudioSlugsAsync(invitee.Http), s => s == owner.Slug);
    }

    [Fact]
    public async Task ShouldLetOneOfTenSimultaneousAcceptsWinAndAnswer409ToTheOthers()
    {
        var owner = await app.RegisterStudioAsync();
        var email = StudioApi.NewEmail("racer");
        var token = await app.InviteAsync(owner, email, "engineer");

        var newAccount = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            app.CreateClient().PostAsJsonAsync("/api/invitations/accept", new { token, name = $"Racer {i}", password = "Passw0rd-race" })));

        Assert.Equal(HttpStatusCode.OK, Assert.Single(newAccount, r => r.StatusCode != HttpStatusCode.Conflict).StatusCode);
        Assert.NotNull(await UserIdAsync(email));
        Assert.Equal(2, await MemberCountAsync(owner.StudioId));

        // The same race by an existing account, signed in.
        var invitee = await app.RegisterStudioAsync();
        var second = await app.InviteAsync(owner, invitee.Email, "engineer");
        var existing = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => invitee.Http.PostAsJsonAsync("/api/invitations/accept", new { token = second })));

        Assert.Equal(HttpStatusCode.OK, Assert.Single(existing, r => r.StatusCode != HttpStatusCode.Conflict).StatusCode);
        Assert.Equal(3, await MemberCountAsync(owner.StudioId));
    }

    [Fact]
    public async Task ShouldAnswer409ToTheLosersWhenInvitationsFromSeveralStudiosCreateTheSameAccountAtOnce()
    {
        var email = StudioApi.NewEmail("wanted");
        var owners = new List<StudioSession>();
        for (var i = 0; i < 3; i++) owners.Add(await app.RegisterStudioAsync($"Wanting Studio {i}"));
        var tokens = new List<string>();
        for (var i = 0; i < owners.Count; i++)
        {
            await StudioApi.EnsureAsync(await owners[i].Http.PostAsJsonAsync(owners[i].Api("/invitations"), new { email, role = "engineer" }));
            tokens.Add(Team.TokenOf(await app.Smtp.WaitForAsync(email, m => m.Subject?.EndsWith($"Wanting Studio {i} on Studio Manager") == true)));
        }

        var responses = await Task.WhenAll(tokens.Select(token =>
            app.CreateClient().PostAsJsonAsync("/api/invitations/accept", new { token, name = "Wanted", password = "Passw0rd-wanted" })));

        var winner = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, winner.StatusCode);
        Assert.NotNull(await UserIdAsync(email));
        // The losers' invitations are still pending: signed in, the new account accepts them.
        var session = await app.LoginAsync(email, "Passw0rd-wanted");
        for (var i = 0; i < tokens.Count; i++)
            if (responses[i] != winner)
                Assert.Equal(HttpStatusCode.OK, (await session.PostAsJsonAsync("/api/invitations/accept", new { token = tokens[i] })).StatusCode);
        Assert.Equal(owners.Select(o => o.Slug).Order(), (await StudioSlugsAsync(session)).Order());
    }

    [Fact]
    public async Task ShouldRefuseRevokedExpiredAndUnknownTokens()
    {
        var owner = await app.RegisterStudioAsync();
        var revokedEmail = StudioApi.NewEmail();
        var revokedToken = await app.InviteAsync(owner, revokedEmail, "engineer");
        var revokedId = (await owner.Http.GetFromJsonAsync<Paged>(owner.Api("/invitations?status=pending"), StudioApi.Json))!.Items.Single(i => i.Email == revokedEmail).Id;
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.DeleteAsync(owner.Api($"/invitations/{revokedId}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.Http.DeleteAsync(owner.Api($"/invitations/{revokedId}"))).StatusCode);

        var expiredEmail = StudioApi.NewEmail();
        var expiredToken = await app.InviteAsync(owner, expiredEmail, "engineer");
        app.Clock.Advance(Invitations.Lifetime + TimeSpan.FromMinutes(1));
        owner = owner with { Http = await app.LoginAsync(owner.Email, owner.Password) }; // its bearer token expired too

        var anon = app.CreateClient();
        var body = new { name = "Late", password = "Passw0rd-late" };
        Assert.Equal(HttpStatusCode.Conflict, (await anon.PostAsJsonAsync("/api/invitations/accept", new { token = revokedToken, body.name, body.password })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await anon.PostAsJsonAsync("/api/invitations/accept", new { token = expiredToken, body.name, body.password })).StatusCode);
        var unknown = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        Assert.Equal(HttpStatusCode.NotFound, (await anon.PostAsJsonAsync("/api/invitations/accept", new { token = unknown, body.name, body.password })).StatusCode);

        var statuses = (await owner.Http.GetFromJsonAsync<Paged>(owner.Api("/invitations"), StudioApi.Json))!.Items.ToDictionary(i => i.Email, i => i.Status);
        Assert.Equal("revoked", statuses[revokedEmail]);
        Assert.Equal("expired", statuses[expiredEmail]);
        Assert.Null(await UserIdAsync(revokedEmail));
    }

    [Fact]
    public async Task ShouldReplaceAPendingInvitationWhenInvitingTheSameEmailAgain()
    {
        var owner = await app.RegisterStudioAsync();
        var email = StudioApi.NewEmail();
        var oldToken = await app.InviteAsync(owner, email, "engineer");
        await StudioApi.EnsureAsync(await owner.Http.PostAsJsonAsync(owner.Api("/invitations"), new { email = email.ToUpperInvariant(), role = "admin" }));
        var newToken = Team.TokenOf(await app.Smtp.WaitForAsync(email, m => Team.TokenOf(m) != oldToken));

        var pending = (await owner.Http.GetFromJsonAsync<Paged>(owner.Api("/invitations?status=pending"), StudioApi.Json))!.Items;
        Assert.Equal("admin", Assert.Single(pending).Role);
        var anon = app.CreateClient();
        Assert.Equal(HttpStatusCode.Conflict, (await anon.PostAsJsonAsync("/api/invitations/accept", new { token = oldToken, name = "X", password = "Passw0rd-x" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anon.PostAsJsonAsync("/api/invitations/accept", new { token = newToken, name = "X", password = "Passw0rd-x" })).StatusCode);
    }

    [Fact]
    public async Task ShouldRefuseToInviteAnExistingMemberOrWithBadFields()
    {
        var owner = await app.RegisterStudioAsync();
        var member = await app.AddMemberAsync(owner, "engineer");

        var existing = await owner.Http.PostAsJsonAsync(owner.Api("/invitations"), new { email = member.Email, role = "admin" });
        Assert.Equal(HttpStatusCode.Conflict, existing.StatusCode);

        var bad = await owner.Http.PostAsJsonAsync(owner.Api("/invitations"), new { email = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.ReadJsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("role", out _));
    }

    [Fact]
    public async Task ShouldLetOnlyAnOwnerInviteAnOwnerAndOnlyManagersInvite()
    {
        var owner = await app.RegisterStudioAsync();
        var admin = await app.AddMemberAsync(owner, "admin");
        var engineer = await app.AddMemberAsync(owner, "engineer");

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.Http.PostAsJsonAsync(admin.Api("/invitations"), new { email = StudioApi.NewEmail(), role = "owner" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.Http.PostAsJsonAsync(admin.Api("/invitations"), new { email = StudioApi.NewEmail(), role = "engineer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.PostAsJsonAsync(engineer.Api("/invitations"), new { email = StudioApi.NewEmail(), role = "engineer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.GetAsync(engineer.Api("/invitations"))).StatusCode);
    }

    [Fact]
    public async Task ShouldShowTheInvitationAndCreateTheAccountThroughTheAcceptPage()
    {
        var owner = await app.RegisterStudioAsync("Page Invite Studio");
        var email = StudioApi.NewEmail("pageguest");
        var token = await app.InviteAsync(owner, email, "engineer");
        var browser = Browser.Open(app);
        var url = $"/invitations/accept?token={token}";

        var html = await browser.GetHtmlAsync(url);
        Assert.Contains("Page Invite Studio", html);
        Assert.Contains("data-test=\"role\">engineer<", html);
        Assert.Contains("data-test=\"password\"", html);

        var missing = await browser.SubmitAsync(url, "accept", new Dictionary<string, string> { ["Input.Name"] = "", ["Input.Password"] = "" });
        Assert.Contains("data-test=\"error-name\"", await missing.Content.ReadAsStringAsync());
        var target = await browser.SubmitExpectingRedirectAsync(url, "accept",
            new Dictionary<string, string> { ["Input.Name"] = "Page Guest", ["Input.Password"] = "Passw0rd-guest" });

        Assert.Equal($"/s/{owner.Slug}/clients", target);
        var me = await (await browser.Http.GetAsync("/api/me")).ReadJsonAsync();
        Assert.Equal(email, me.GetProperty("user").GetProperty("email").GetString());
        Assert.Contains("already been used", await browser.GetHtmlAsync(url));
    }

    private sealed record Paged(List<Item> Items, int Total);
    private sealed record Item(int Id, string Email, string Role, string Status);

    private async Task<Invitation> InvitationAsync(int id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MasterDbContext>().Invitations.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    private static async Task<List<string>> StudioSlugsAsync(HttpClient http) =>
        (await (await http.GetAsync("/api/me")).ReadJsonAsync()).GetProperty("studios").EnumerateArray()
            .Select(s => s.GetProperty("slug").GetString()!).ToList();

    private async Task<int> MemberCountAsync(int studioId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MasterDbContext>().OrganizationMembers.CountAsync(m => m.OrganizationId == studioId);
    }

    private async Task<int?> UserIdAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var normalized = email.ToUpperInvariant();
        return await scope.ServiceProvider.GetRequiredService<MasterDbContext>().Users.Where(u => u.NormalizedEmail == normalized).Select(u => (int?)u.Id).SingleOrDefaultAsync();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InvitationTests_Sqlite(SqliteAppFactory app) : InvitationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InvitationTests_Postgres(PostgresAppFactory app) : InvitationTests(app);
