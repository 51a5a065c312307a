using System.Net.Http.Json;
using System.Text.Json;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;

namespace StudioManager.Tests.Sales;

/// <summary>Quotes through the API, for the quote tests.</summary>
public static class Quoting
{
    public static async Task<JsonElement> QuoteAsync(StudioSession s, int clientId, params object[] items) =>
        await Booking.PostAsync(s, "/quotes", new { clientId, items });

    /// <summary>A quote sent (by email) and accepted.</summary>
    public static async Task<JsonElement> AcceptedAsync(StudioSession s, int clientId, params object[] items)
    {
        var id = Invoicing.Id(await QuoteAsync(s, clientId, items));
        await StudioApi.EnsureAsync(await s.Http.PostAsJsonAsync(s.Api($"/quotes/{id}/send"), new { to = StudioApi.NewEmail("quote") }));
        return await Booking.PostAsync(s, $"/quotes/{id}/accept", new { });
    }
}
