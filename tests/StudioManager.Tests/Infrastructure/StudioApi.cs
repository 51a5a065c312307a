using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace StudioManager.Tests.Infrastructure;

/// <summary>A signed-in staff member's API client (bearer token) and the studio they registered.</summary>
public sealed record StudioSession(HttpClient Http, string Email, string Password, int UserId, int StudioId, string Slug)
{
    public string Api(string path = "") => $"/api/studios/{Slug}{path}";
}

public static class StudioApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string NewEmail(string who = "user") => $"{who}.{Guid.NewGuid():N}@example.com".ToLowerInvariant();

    /// <summary>Registers a new user with a new studio and returns an API client signed in with a bearer token.</summary>
    public static async Task<StudioSession> RegisterStudioAsync(this StudioAppFactory app, string studioName = "Test Studio", string? email = null)
    {
        email ??= NewEmail();
        const string password = "Passw0rd-test";
        var anon = app.CreateClient();
        var response = await anon.PostAsJsonAsync("/api/auth/register", new { email, password, name = "Test User", studioName });
        await EnsureAsync(response);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        var http = await app.LoginAsync(email, password);
        return new StudioSession(http, email, password, body.GetProperty("user").GetProperty("id").GetInt32(),
            body.GetProperty("studio").GetProperty("id").GetInt32(), body.GetProperty("studio").GetProperty("slug").GetString()!);
    }

    /// <summary>An HttpClient carrying a fresh bearer token for this user.</summary>
    public static async Task<HttpClient> LoginAsync(this StudioAppFactory app, string email, string password)
    {
        var http = app.CreateClient();
        var login = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        await EnsureAsync(login);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>EnsureSuccessStatusCode with the response body in the message.</summary>
    public static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Json);
}
