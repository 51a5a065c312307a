using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Clients;

public abstract class ClientIsolationTests(StudioAppFactory app)
{
    /// <summary>Every clients endpoint of the app (new ones are covered automatically), with its path filled in.</summary>
    private List<(string Method, string Path)> ClientEndpoints(string slug, int clientId, int noteId) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/studios/{studio}/clients") == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText!
                .Replace("{studio}", slug).Replace("{id:int}", clientId.ToString()).Replace("{noteId:int}", noteId.ToString()))))
            .ToList();

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = path.EndsWith("/import") ? ClientImportExportTests.FileContent("c.csv", "name\nIntruder\n")
            : method is "POST" or "PATCH" ? JsonContent.Create(new { name = "Intruder", note = "Intruder" }) : null,
    };

    [Fact]
    public async Task ShouldAnswer404ToAnotherStudiosMemberAnd401ToAnonymousOnEveryClientEndpoint()
    {
        var owner = await app.RegisterStudioAsync("Owner Studio");
        var outsider = await app.RegisterStudioAsync("Outsider Studio");
        var client = await ClientApiTests.CreateClientAsync(owner, new { name = "Secret Client", email = "secret@example.com" });
        var clientId = client.GetProperty("id").GetInt32();
        var note = await (await owner.Http.PostAsJsonAsync(owner.Api($"/clients/{clientId}/notes"), new { note = "secret" })).ReadJsonAsync();
        var endpoints = ClientEndpoints(owner.Slug, clientId, note.GetProperty("id").GetInt32());
        Assert.True(endpoints.Count >= 11, $"only {endpoints.Count} client endpoints found");

        var anonymous = app.CreateClient();
        foreach (var (method, path) in endpoints)
        {
            var asOutsider = await outsider.Http.SendAsync(Request(method, path));
            Assert.True(asOutsider.StatusCode == HttpStatusCode.NotFound, $"{method} {path} answered {(int)asOutsider.StatusCode} to a member of another studio");
            Assert.DoesNotContain("secret", await asOutsider.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            var asAnonymous = await anonymous.SendAsync(Request(method, path));
            Assert.True(asAnonymous.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)asAnonymous.StatusCode} to an anonymous caller");
        }

        // Nothing changed in the owner's studio.
        var still = await (await owner.Http.GetAsync(owner.Api($"/clients/{clientId}"))).ReadJsonAsync();
        Assert.Equal("Secret Client", still.GetProperty("name").GetString());
        Assert.Single((await (await owner.Http.GetAsync(owner.Api($"/clients/{clientId}/notes"))).ReadJsonAsync()).EnumerateArray());
        Assert.Equal(1, (await (await owner.Http.GetAsync(owner.Api("/clients"))).ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ShouldNotFindAnotherStudiosClientByIdInOnesOwnStudio()
    {
        var owner = await app.RegisterStudioAsync();
        var other = await app.RegisterStudioAsync();
        var id = (await ClientApiTests.CreateClientAsync(owner, new { name = "Theirs" })).GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(other.Api($"/clients/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PatchAsJsonAsync(other.Api($"/clients/{id}"), new { name = "Mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PostAsJsonAsync(other.Api($"/clients/{id}/notes"), new { note = "x" })).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ClientIsolationTests_Sqlite(SqliteAppFactory app) : ClientIsolationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ClientIsolationTests_Postgres(PostgresAppFactory app) : ClientIsolationTests(app);
