using System.Net;
using StudioManager.Tests.Infrastructure;
using static StudioManager.Tests.Scheduling.Booking;

namespace StudioManager.Tests.Scheduling;

public abstract class SessionLifecycleTests(StudioAppFactory app)
{
    private static Task<HttpResponseMessage> Act(StudioSession s, int id, string action) => s.Http.PostAsync(s.Api($"/sessions/{id}/{action}"), null);

    [Fact]
    public async Task ShouldRunASessionThroughItsLifecycleAndAnswer409ToInvalidTransitions()
    {
        var s = await app.RegisterStudioAsync();
        var room = await RoomAsync(s);
        var client = await ClientAsync(s);
        var id = (await BookOkAsync(s, Session(room, client, At(10), At(12)))).GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.Conflict, (await Act(s, id, "start")).StatusCode);    // tentative cannot start
        Assert.Equal(HttpStatusCode.Conflict, (await Act(s, id, "no-show")).StatusCode);
        Assert.Equal("confirmed", (await (await Act(s, id, "confirm")).ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Equal("in_progress", (await (await Act(s, id, "start")).ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Act(s, id, "cancel")).StatusCode);   // too late
        var completed = await (await Act(s, id, "complete")).ReadJsonAsync();
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Act(s, id, "cancel")).StatusCode);
        var edit = await s.Http.PatchAsync(s.Api($"/sessions/{id}"), System.Net.Http.Json.JsonContent.Create(new { title = "Rewritten" }));
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        var listed = await (await s.Http.GetAsync(s.Api("/sessions?status=in_progress"))).ReadJsonAsync();
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
        Assert.Equal(1, (await (await s.Http.GetAsync(s.Api("/sessions?status=completed"))).ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ShouldLetAnAccountantSeeButNotBookOrChangeSessions()
    {
        var owner = await app.RegisterStudioAsync();
        var accountant = await StudioManager.Tests.Platform.Team.AddMemberAsync(app, owner, "accountant");
        var room = await RoomAsync(owner);
        var client = await ClientAsync(owner);
        var id = (await BookOkAsync(owner, Session(room, client, At(10), At(12)))).GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.OK, (await accountant.Http.GetAsync(accountant.Api($"/sessions/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await BookAsync(accountant, Session(room, client, At(14), At(15)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Act(accountant, id, "cancel")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SessionLifecycleTests_Sqlite(SqliteAppFactory app) : SessionLifecycleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SessionLifecycleTests_Postgres(PostgresAppFactory app) : SessionLifecycleTests(app);
