using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;

namespace StudioManager.Tests.Sales;

/// <summary>Contracts through the API, for the contract tests.</summary>
public static class Contracting
{
    public static async Task<JsonElement> DraftAsync(StudioSession s, int clientId, string terms = "The studio records ten songs for the band.",
        decimal value = 1500m, string title = "Album recording", string type = "recording") =>
        await Booking.PostAsync(s, "/contracts", new { clientId, title, type, terms, value });

    /// <summary>A draft sent (by email, to an address of its own).</summary>
    public static async Task<JsonElement> SentAsync(StudioSession s, int clientId, string terms = "The studio records ten songs for the band.")
    {
        var id = Invoicing.Id(await DraftAsync(s, clientId, terms));
        await StudioApi.EnsureAsync(await ActAsync(s, id, "send", new { to = StudioApi.NewEmail("client") }));
        return await Invoicing.GetAsync(s, $"/contracts/{id}");
    }

    public static Task<HttpResponseMessage> ActAsync(StudioSession s, int id, string action, object? body = null) =>
        s.Http.PostAsJsonAsync(s.Api($"/contracts/{id}/{action}"), body ?? new { });

    /// <summary>POST …/sign as if from that IP address (the test server has no client address of its own).</summary>
    public static async Task<(int Status, string Body)> SignFromAsync(StudioAppFactory app, StudioSession s, int id, string signerName, string ip)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            c.Request.Path = s.Api($"/contracts/{id}/sign");
            c.Request.Headers.Authorization = s.Http.DefaultRequestHeaders.Authorization!.ToString();
            c.Request.ContentType = "application/json";
            var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { signerName }));
            c.Request.Body = new MemoryStream(body);
            c.Request.ContentLength = body.Length;
            c.Features.Set<IHttpRequestBodyDetectionFeature>(new HasBody());
            c.Connection.RemoteIpAddress = IPAddress.Parse(ip);
        });
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    /// <summary>A context built by hand says nothing of its body: this says there is one (as a Content-Length would).</summary>
    private sealed class HasBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }

    public static string Sha256(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
