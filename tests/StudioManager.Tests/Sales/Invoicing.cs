using System.Net.Http.Json;
using System.Text.Json;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;

namespace StudioManager.Tests.Sales;

/// <summary>Invoices, payments and billable sessions through the API, for the sales tests.</summary>
public static class Invoicing
{
    public static object Line(string description, decimal quantity, decimal unitPrice, decimal? taxRate = 20, int? sessionId = null) =>
        new { description, quantity, unitPrice, taxRate, sessionId };

    public static async Task<JsonElement> DraftAsync(StudioSession s, int clientId, params object[] items) =>
        await Booking.PostAsync(s, "/invoices", new { clientId, items });

    public static async Task<JsonElement> IssuedAsync(StudioSession s, int clientId, params object[] items)
    {
        var draft = await DraftAsync(s, clientId, items);
        return await Booking.PostAsync(s, $"/invoices/{Id(draft)}/issue", new { });
    }

    public static int Id(JsonElement e) => e.GetProperty("id").GetInt32();

    public static decimal Money(JsonElement e, string property) => e.GetProperty(property).GetDecimal();

    public static Task<HttpResponseMessage> PayAsync(StudioSession s, int invoiceId, decimal amount, string method = "bank_transfer") =>
        s.Http.PostAsJsonAsync(s.Api($"/invoices/{invoiceId}/payments"), new { amount, date = "2030-06-10", method, reference = "TX-1" });

    public static async Task<JsonElement> GetAsync(StudioSession s, string path)
    {
        var response = await s.Http.GetAsync(s.Api(path));
        await StudioApi.EnsureAsync(response);
        return await response.ReadJsonAsync();
    }

    /// <summary>A completed session of the client (booked confirmed, then completed), 2 hours at 50 an hour unless said.</summary>
    public static async Task<int> CompletedSessionAsync(StudioSession s, int roomId, int clientId, int day, int hours = 2, string title = "Tracking")
    {
        var session = await Booking.BookOkAsync(s, new
        {
            roomId, clientId, title, type = "recording", start = Booking.At(10, day: day), end = Booking.At(10 + hours, day: day), status = "confirmed",
        });
        var id = Id(session);
        await Booking.PostAsync(s, $"/sessions/{id}/complete", new { });
        return id;
    }
}
