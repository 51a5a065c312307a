using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StudioManager.Platform;
using StudioManager.Tests.Clients;
using StudioManager.Tests.Identity;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

/// <summary>The plan's limits (subscription_plans, null = unlimited) hold for members and clients: 402 naming the limit
/// and the plan, counts on the settings page.</summary>
public abstract class PlanLimitTests(StudioAppFactory app)
{
    /// <summary>Puts the studio on a plan of its own with these limits, directly in the master database.</summary>
    private async Task<string> UsePlanAsync(StudioSession s, int? maxMembers, int? maxClients)
    {
        var name = $"test-{Guid.NewGuid():N}"[..20];
        await app.InMasterAsync(async master =>
        {
            // An explicit id: the seeded plans' ids are not taken from PostgreSQL's identity sequence.
            master.SubscriptionPlans.Add(new SubscriptionPlan { Id = Random.Shared.Next(1000, int.MaxValue), Name = name, DisplayName = "Tiny", MaxMembers = maxMembers, MaxClients = maxClients });
            (await master.Organizations.SingleAsync(o => o.Id == s.StudioId)).PlanName = name;
            await master.SaveChangesAsync();
        });
        return name;
    }

    private Task SetLimitsAsync(string plan, int? maxMembers, int? maxClients) => app.InMasterAsync(async master =>
    {
        var p = await master.SubscriptionPlans.SingleAsync(x => x.Name == plan);
        (p.MaxMembers, p.MaxClients) = (maxMembers, maxClients);
        await master.SaveChangesAsync();
    });

    private static async Task AssertLimitAsync(HttpResponseMessage response, string limit, string plan, int current, int max)
    {
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(limit, problem.GetProperty("limit").GetString());
        Assert.Equal(plan, problem.GetProperty("plan").GetString());
        Assert.Equal(current, problem.GetProperty("current").GetInt32());
        Assert.Equal(max, problem.GetProperty("max").GetInt32());
        Assert.Contains("Tiny", problem.GetProperty("detail").GetString());
    }

    private async Task<Browser> SignedInAsync(StudioSession s)
    {
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = s.Email, ["Input.Password"] = s.Password });
        return browser;
    }

    private static Task<HttpResponseMessage> InviteAsync(StudioSession s, string email) =>
        s.Http.PostAsJsonAsync(s.Api("/invitations"), new { email, role = "engineer" });

    private static async Task<int> TotalClientsAsync(StudioSession s) =>
        (await (await s.Http.GetAsync(s.Api("/clients?status=all"))).ReadJsonAsync()).GetProperty("total").GetInt32();

    [Fact]
    public async Task ShouldRefuseAClientBeyondThePlansLimitWith402()
    {
        var s = await app.RegisterStudioAsync();
        var plan = await UsePlanAsync(s, maxMembers: null, maxClients: 2);
        await ClientApiTests.CreateClientAsync(s, new { name = "One" });
        var archived = await ClientApiTests.CreateClientAsync(s, new { name = "Two", isActive = false });

        await AssertLimitAsync(await s.Http.PostAsJsonAsync(s.Api("/clients"), new { name = "Three" }), "clients", plan, current: 2, max: 2);
        Assert.Equal(2, await TotalClientsAsync(s));

        Assert.Equal(HttpStatusCode.NoContent, (await s.Http.DeleteAsync(s.Api($"/clients/{archived.GetProperty("id").GetInt32()}"))).StatusCode);
        await ClientApiTests.CreateClientAsync(s, new { name = "Three" });
        await SetLimitsAsync(plan, null, maxClients: null);
        await ClientApiTests.CreateClientAsync(s, new { name = "Four" });
    }

    [Fact]
    public async Task ShouldExplainTheLimitOnTheNewClientForm()
    {
        var s = await app.RegisterStudioAsync();
        await UsePlanAsync(s, maxMembers: null, maxClients: 1);
        await ClientApiTests.CreateClientAsync(s, new { name = "The only one" });
        var browser = await SignedInAsync(s);

        var response = await browser.SubmitAsync($"/s/{s.Slug}/clients/new", "client", new Dictionary<string, string>
            { ["Model.Type"] = "individual", ["Model.Name"] = "One too many", ["Model.IsActive"] = "true" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"error\"", html);
        Assert.Contains("The Tiny plan allows 1 clients", html);
        Assert.Equal(1, await TotalClientsAsync(s));
    }

    [Fact]
    public async Task ShouldCreateClientsUpToTheLimitWhenRequestsComeTogether()
    {
        var s = await app.RegisterStudioAsync();
        await UsePlanAsync(s, maxMembers: null, maxClients: 3);
        await ClientApiTests.CreateClientAsync(s, new { name = "Already here" });

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            s.Http.PostAsJsonAsync(s.Api("/clients"), new { name = $"Together {i}", email = $"together{i}@example.com" })));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(8, responses.Count(r => r.StatusCode == HttpStatusCode.PaymentRequired));
        Assert.Equal(3, await TotalClientsAsync(s));
    }

    [Fact]
    public async Task ShouldRefuseAnImportThatWouldPassTheClientLimitAndInsertNothing()
    {
        var s = await app.RegisterStudioAsync();
        var plan = await UsePlanAsync(s, maxMembers: null, maxClients: 3);
        await ClientApiTests.CreateClientAsync(s, new { name = "Existing" });
        const string three = "name,email\nAna,ana@example.com\nBen,ben@example.com\nCleo,cleo@example.com\n";

        var import = ClientImportExportTests.FileContent("clients.csv", three);
        await AssertLimitAsync(await s.Http.PostAsync(s.Api("/clients/import"), import), "clients", plan, current: 1, max: 3);
        var dryRun = ClientImportExportTests.FileContent("clients.csv", three);
        await AssertLimitAsync(await s.Http.PostAsync(s.Api("/clients/import?dryRun=true"), dryRun), "clients", plan, current: 1, max: 3);
        Assert.Equal(1, await TotalClientsAsync(s));

        var two = ClientImportExportTests.FileContent("clients.csv", "name\nAna\nBen\n");
        await StudioApi.EnsureAsync(await s.Http.PostAsync(s.Api("/clients/import"), two));
        Assert.Equal(3, await TotalClientsAsync(s));
    }

    [Fact]
    public async Task ShouldCountPendingInvitationsAgainstTheMemberLimit()
    {
        var owner = await app.RegisterStudioAsync();
        var plan = await UsePlanAsync(owner, maxMembers: 3, maxClients: null);
        var first = StudioApi.NewEmail("first");
        var second = StudioApi.NewEmail("second");
        Assert.Equal(HttpStatusCode.Created, (await InviteAsync(owner, first)).StatusCode);
        var secondInvitation = await InviteAsync(owner, second);
        Assert.Equal(HttpStatusCode.Created, secondInvitation.StatusCode);

        // One owner and two pending invitations fill three seats.
        await AssertLimitAsync(await InviteAsync(owner, StudioApi.NewEmail("third")), "members", plan, current: 3, max: 3);
        // Inviting an address again replaces its pending invitation: no new seat.
        Assert.Equal(HttpStatusCode.Created, (await InviteAsync(owner, first.ToUpperInvariant())).StatusCode);
        // A revoked invitation frees its seat.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.DeleteAsync(owner.Api($"/invitations/{(await secondInvitation.ReadJsonAsync()).GetProperty("id").GetInt32()}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await InviteAsync(owner, StudioApi.NewEmail("third"))).StatusCode);
    }

    [Fact]
    public async Task ShouldRefuseToAcceptAnInvitationWhenTheStudioIsFullAndKeepItUsable()
    {
        var owner = await app.RegisterStudioAsync();
        var plan = await UsePlanAsync(owner, maxMembers: 3, maxClients: null);
        var firstToken = await app.InviteAsync(owner, StudioApi.NewEmail("first"), "engineer");
        var secondEmail = StudioApi.NewEmail("second");
        var secondToken = await app.InviteAsync(owner, secondEmail, "engineer");
        // The plan shrinks after the invitations left.
        await SetLimitsAsync(plan, maxMembers: 2, maxClients: null);
        var anon = app.CreateClient();

        await StudioApi.EnsureAsync(await anon.PostAsJsonAsync("/api/invitations/accept", new { token = firstToken, name = "First", password = "Passw0rd-first" }));
        // Another browser: the first acceptance signed this one in, and a signed-in browser's API writes need the antiforgery token.
        var refused = await app.CreateClient().PostAsJsonAsync("/api/invitations/accept", new { token = secondToken, name = "Second", password = "Passw0rd-second" });

        await AssertLimitAsync(refused, "members", plan, current: 2, max: 2);
        var members = await (await owner.Http.GetAsync(owner.Api("/members"))).ReadJsonAsync();
        Assert.Equal(2, members.GetProperty("total").GetInt32());
        var pending = await (await owner.Http.GetAsync(owner.Api("/invitations?status=pending"))).ReadJsonAsync();
        Assert.Equal(secondEmail, Assert.Single(pending.GetProperty("items").EnumerateArray()).GetProperty("email").GetString());

        await SetLimitsAsync(plan, maxMembers: 3, maxClients: null);
        await StudioApi.EnsureAsync(await app.CreateClient().PostAsJsonAsync("/api/invitations/accept", new { token = secondToken, name = "Second", password = "Passw0rd-second" }));
    }

    [Fact]
    public async Task ShouldShowMembersAndClientsAgainstThePlanInTheApiAndOnTheSettingsPage()
    {
        var s = await app.RegisterStudioAsync();
        var plan = await UsePlanAsync(s, maxMembers: 3, maxClients: 5);
        await app.AddMemberAsync(s, "engineer");
        await ClientApiTests.CreateClientAsync(s, new { name = "One" });

        var usage = await (await s.Http.GetAsync(s.Api("/usage"))).ReadJsonAsync();
        Assert.Equal(plan, usage.GetProperty("plan").GetString());
        Assert.Equal("Tiny", usage.GetProperty("planName").GetString());
        Assert.Equal(2, usage.GetProperty("members").GetProperty("current").GetInt32());
        Assert.Equal(3, usage.GetProperty("members").GetProperty("max").GetInt32());
        Assert.Equal(1, usage.GetProperty("clients").GetProperty("current").GetInt32());
        Assert.Equal(5, usage.GetProperty("clients").GetProperty("max").GetInt32());

        var browser = await SignedInAsync(s);
        Assert.Contains("Members 2 of 3 · Clients 1 of 5", await browser.GetHtmlAsync($"/s/{s.Slug}/settings"));

        await SetLimitsAsync(plan, maxMembers: 3, maxClients: null);
        Assert.Equal(JsonValueKind.Null, (await (await s.Http.GetAsync(s.Api("/usage"))).ReadJsonAsync()).GetProperty("clients").GetProperty("max").ValueKind);
        Assert.Contains("Members 2 of 3 · Clients 1 (unlimited)", await browser.GetHtmlAsync($"/s/{s.Slug}/settings"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PlanLimitTests_Sqlite(SqliteAppFactory app) : PlanLimitTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PlanLimitTests_Postgres(PostgresAppFactory app) : PlanLimitTests(app);
