using System.Net;
using System.Net.Http.Json;
using StudioManager.Tests.Identity;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

public abstract class MemberTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldListMembersWithTheirRoles()
    {
        var owner = await app.RegisterStudioAsync();
        var engineer = await app.AddMemberAsync(owner, "engineer");

        var list = await (await engineer.Http.GetAsync(owner.Api("/members"))).ReadJsonAsync();

        Assert.Equal(2, list.GetProperty("total").GetInt32());
        var roles = list.GetProperty("items").EnumerateArray().ToDictionary(m => m.GetProperty("userId").GetInt32(), m => m.GetProperty("role").GetString());
        Assert.Equal("owner", roles[owner.UserId]);
        Assert.Equal("engineer", roles[engineer.UserId]);
    }

    [Fact]
    public async Task ShouldLetManagersChangeRolesButOnlyOwnersTouchTheOwnerRole()
    {
        var owner = await app.RegisterStudioAsync();
        var admin = await app.AddMemberAsync(owner, "admin");
        var engineer = await app.AddMemberAsync(owner, "engineer");

        var changed = await admin.Http.PatchAsJsonAsync(owner.Api($"/members/{engineer.UserId}"), new { role = "accountant" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("accountant", (await changed.ReadJsonAsync()).GetProperty("role").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.Http.PatchAsJsonAsync(owner.Api($"/members/{engineer.UserId}"), new { role = "owner" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.Http.PatchAsJsonAsync(owner.Api($"/members/{owner.UserId}"), new { role = "admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.Http.DeleteAsync(owner.Api($"/members/{owner.UserId}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.PatchAsJsonAsync(owner.Api($"/members/{admin.UserId}"), new { role = "engineer" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.PatchAsJsonAsync(owner.Api($"/members/{admin.UserId}"), new { role = "owner" })).StatusCode);

        var bad = await owner.Http.PatchAsJsonAsync(owner.Api($"/members/{admin.UserId}"), new { role = "boss" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.ReadJsonAsync()).GetProperty("errors").TryGetProperty("role", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Http.PatchAsJsonAsync(owner.Api("/members/999999"), new { role = "admin" })).StatusCode);
    }

    [Fact]
    public async Task ShouldNeverRemoveOrDemoteTheLastOwner()
    {
        var owner = await app.RegisterStudioAsync();
        var admin = await app.AddMemberAsync(owner, "admin");

        Assert.Equal(HttpStatusCode.Conflict, (await owner.Http.PatchAsJsonAsync(owner.Api($"/members/{owner.UserId}"), new { role = "admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.Http.DeleteAsync(owner.Api($"/members/{owner.UserId}"))).StatusCode);

        // With a second owner, the first may step down and leave.
        await StudioApi.EnsureAsync(await owner.Http.PatchAsJsonAsync(owner.Api($"/members/{admin.UserId}"), new { role = "owner" }));
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.DeleteAsync(owner.Api($"/members/{owner.UserId}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Http.GetAsync(owner.Api("/members"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.Http.DeleteAsync(owner.Api($"/members/{admin.UserId}"))).StatusCode);
    }

    [Fact]
    public async Task ShouldLetAMemberLeaveAndManagersRemoveOthers()
    {
        var owner = await app.RegisterStudioAsync();
        var engineer = await app.AddMemberAsync(owner, "engineer");
        var accountant = await app.AddMemberAsync(owner, "accountant");

        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.DeleteAsync(owner.Api($"/members/{accountant.UserId}"))).StatusCode);
        // Leaving is /members/me, open to every member; /members/{id} is removing, for managers.
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.DeleteAsync(owner.Api($"/members/{engineer.UserId}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await engineer.Http.DeleteAsync(owner.Api("/members/me"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.Http.GetAsync(owner.Api("/members"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.DeleteAsync(owner.Api($"/members/{accountant.UserId}"))).StatusCode);

        // A removed member loses access at once.
        Assert.Equal(HttpStatusCode.NotFound, (await accountant.Http.GetAsync(owner.Api("/members"))).StatusCode);
        var list = await (await owner.Http.GetAsync(owner.Api("/members"))).ReadJsonAsync();
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ShouldManageTheTeamThroughTheMembersPage()
    {
        var owner = await app.RegisterStudioAsync();
        var engineer = await app.AddMemberAsync(owner, "engineer");
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = owner.Email, ["Input.Password"] = owner.Password });
        var page = $"/s/{owner.Slug}/members";

        var invitee = StudioApi.NewEmail("pageinvite");
        var invited = await (await browser.SubmitAsync(page, "invite", new Dictionary<string, string> { ["Input.Email"] = invitee, ["Input.Role"] = "Accountant" })).Content.ReadAsStringAsync();
        Assert.Contains($"Invitation sent to {invitee}", invited);
        Assert.Contains(invitee, invited);
        await app.Smtp.WaitForAsync(invitee);

        var changed = await (await browser.SubmitAsync(page, $"role-{engineer.UserId}", new Dictionary<string, string> { ["role"] = "Admin" })).Content.ReadAsStringAsync();
        Assert.Contains("Role changed.", changed);
        var lastOwner = await (await browser.SubmitAsync(page, $"remove-{owner.UserId}")).Content.ReadAsStringAsync();
        Assert.Contains("last owner", lastOwner);

        var html = await browser.GetHtmlAsync(page);
        var invitationId = System.Text.RegularExpressions.Regex.Match(html, "data-test=\"invitation-(\\d+)\"").Groups[1].Value;
        var revoked = await (await browser.SubmitAsync(page, $"revoke-{invitationId}")).Content.ReadAsStringAsync();
        Assert.Contains("Invitation revoked.", revoked);
        Assert.DoesNotContain(invitee, revoked);

        var roles = await (await owner.Http.GetAsync(owner.Api("/members"))).ReadJsonAsync();
        Assert.Contains(roles.GetProperty("items").EnumerateArray(), m => m.GetProperty("userId").GetInt32() == engineer.UserId && m.GetProperty("role").GetString() == "admin");
    }

    [Fact]
    public async Task ShouldShowTheTeamReadOnlyToAnEngineer()
    {
        var owner = await app.RegisterStudioAsync();
        var engineer = await app.AddMemberAsync(owner, "engineer");
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = engineer.Email, ["Input.Password"] = engineer.Password });

        var html = await browser.GetHtmlAsync($"/s/{owner.Slug}/members");

        Assert.Contains(owner.Email, html);
        Assert.DoesNotContain("data-test=\"invite\"", html);
        Assert.DoesNotContain("data-test=\"change-role\"", html);
        Assert.Contains("data-test=\"leave\"", html);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MemberTests_Sqlite(SqliteAppFactory app) : MemberTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MemberTests_Postgres(PostgresAppFactory app) : MemberTests(app);
