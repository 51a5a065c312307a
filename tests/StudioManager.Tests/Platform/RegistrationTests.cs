using System.Net;
using System.Net.Http.Json;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

public abstract class RegistrationTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldRegisterUserWithStudioAndListItInMe()
    {
        var s = await app.RegisterStudioAsync("Blue Room Studio");
        Assert.StartsWith("blue-room-studio", s.Slug);

        var me = await (await s.Http.GetAsync("/api/me")).ReadJsonAsync();
        Assert.Equal(s.Email, me.GetProperty("user").GetProperty("email").GetString());
        var studio = Assert.Single(me.GetProperty("studios").EnumerateArray());
        Assert.Equal(s.Slug, studio.GetProperty("slug").GetString());
        Assert.Equal("owner", studio.GetProperty("role").GetString());
    }

    [Fact]
    public async Task ShouldRejectInvalidRegistrationNamingEachField()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/register",
            new { email = "not-an-email", password = "short", name = "", studioName = "", timeZone = "Mars/Olympus", currency = "EURO" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "email", "password", "name", "studioName", "timeZone", "currency" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RegistrationTests_Sqlite(SqliteAppFactory app) : RegistrationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RegistrationTests_Postgres(PostgresAppFactory app) : RegistrationTests(app);
