using System.Net;
using System.Net.Http.Json;
using StudioManager.Tests.Identity;
using StudioManager.Tests.Infrastructure;
using static StudioManager.Tests.Scheduling.Booking;

namespace StudioManager.Tests.Scheduling;

/// <summary>A session works on one of its client's projects: checked on booking and change, listed on the project's
/// page, and keeping the project from being deleted.</summary>
public abstract class SessionProjectTests(StudioAppFactory app)
{
    private static async Task<int> ProjectAsync(StudioSession s, int clientId, string name) =>
        (await PostAsync(s, "/projects", new { clientId, name, type = "album" })).GetProperty("id").GetInt32();

    private static object WithProject(int room, int client, int? projectId, int hour, string title = "Tracking") =>
        new { roomId = room, clientId = client, projectId, title, type = "recording", start = At(hour), end = At(hour + 1) };

    private static async Task AssertRefusedOnProjectAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("projectId", out _), $"no projectId error: {errors}");
    }

    [Fact]
    public async Task ShouldLinkASessionToOneOfItsClientsProjectsOnlyAndKeepThatProjectFromBeingDeleted()
    {
        var s = await app.RegisterStudioAsync();
        var room = await RoomAsync(s);
        var band = await ClientAsync(s, "The Band");
        var other = await ClientAsync(s, "Other Act");
        var album = await ProjectAsync(s, band, "Album");
        var theirs = await ProjectAsync(s, other, "Their EP");
        var unused = await ProjectAsync(s, band, "Demo never booked");

        await AssertRefusedOnProjectAsync(await BookAsync(s, WithProject(room, band, theirs, 9)));
        await AssertRefusedOnProjectAsync(await BookAsync(s, WithProject(room, band, 999999, 9)));
        var session = await BookOkAsync(s, WithProject(room, band, album, 10, "Album drums"));
        var id = session.GetProperty("id").GetInt32();
        Assert.Equal(album, session.GetProperty("projectId").GetInt32());
        await BookOkAsync(s, WithProject(room, band, null, 12, "No project"));

        // Changing the client alone would leave the session on another client's project.
        await AssertRefusedOnProjectAsync(await s.Http.PatchAsJsonAsync(s.Api($"/sessions/{id}"), new { clientId = other }));
        var moved = await s.Http.PatchAsJsonAsync(s.Api($"/sessions/{id}"), new { clientId = other, projectId = theirs });
        await StudioApi.EnsureAsync(moved);
        Assert.Equal(theirs, (await moved.ReadJsonAsync()).GetProperty("projectId").GetInt32());
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api($"/sessions/{id}"), new { clientId = band, projectId = album }));

        var listed = await (await s.Http.GetAsync(s.Api($"/sessions?projectId={album}"))).ReadJsonAsync();
        Assert.Equal("Album drums", Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("title").GetString());

        var refused = await s.Http.DeleteAsync(s.Api($"/projects/{album}"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("session", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await s.Http.GetAsync(s.Api($"/projects/{album}"))).StatusCode);
        Assert.Equal(album, (await (await s.Http.GetAsync(s.Api($"/sessions/{id}"))).ReadJsonAsync()).GetProperty("projectId").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await s.Http.DeleteAsync(s.Api($"/projects/{unused}"))).StatusCode);
    }

    [Fact]
    public async Task ShouldBookForAProjectFromTheFormAndListItsSessionsOnTheProjectPage()
    {
        var s = await app.RegisterStudioAsync();
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api(), new { timeZone = "UTC" }));
        var room = await RoomAsync(s);
        var band = await ClientAsync(s, "Form Band");
        var other = await ClientAsync(s, "Form Other");
        var album = await ProjectAsync(s, band, "Form Album");
        var theirs = await ProjectAsync(s, other, "Form Other EP");
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = s.Email, ["Input.Password"] = s.Password });
        var form = $"/s/{s.Slug}/sessions/new?clientId={band}&projectId={album}";
        var blank = await browser.GetHtmlAsync(form);
        Assert.Contains($"<option value=\"{album}\" selected", blank);
        Dictionary<string, string> Fields(int project, string title) => new()
        {
            ["Model.Title"] = title, ["Model.RoomId"] = room.ToString(), ["Model.ClientId"] = band.ToString(), ["Model.ProjectId"] = project.ToString(),
            ["Model.Type"] = "Recording", ["Model.Date"] = "2030-06-03", ["Model.StartTime"] = "10:00", ["Model.EndTime"] = "12:00",
        };

        var refused = await (await browser.SubmitAsync(form, "session", Fields(theirs, "Wrong project"))).Content.ReadAsStringAsync();
        await browser.SubmitExpectingRedirectAsync(form, "session", Fields(album, "Album vocals"));

        Assert.Contains("data-test=\"error-projectId\"", refused);
        var page = await browser.GetHtmlAsync($"/s/{s.Slug}/projects/{album}");
        Assert.Contains("data-test=\"project-session-list\"", page);
        Assert.Contains("Album vocals", page);
        Assert.Contains("data-test=\"no-project-sessions\"", await browser.GetHtmlAsync($"/s/{s.Slug}/projects/{theirs}"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SessionProjectTests_Sqlite(SqliteAppFactory app) : SessionProjectTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SessionProjectTests_Postgres(PostgresAppFactory app) : SessionProjectTests(app);
