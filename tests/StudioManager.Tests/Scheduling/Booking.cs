using System.Net.Http.Json;
using System.Text.Json;
using StudioManager.Tests.Clients;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Scheduling;

/// <summary>Rooms, equipment and sessions through the API, for the scheduling tests.</summary>
public static class Booking
{
    /// <summary>A Monday far from the pinned clock's today, so that tests never depend on the day they run.</summary>
    public static readonly DateTime Day = new(2030, 6, 3, 0, 0, 0, DateTimeKind.Utc);

    public static DateTime At(int hour, int minute = 0, int day = 0) => Day.AddDays(day).AddHours(hour).AddMinutes(minute);

    public static async Task<JsonElement> PostAsync(StudioSession s, string path, object body)
    {
        var response = await s.Http.PostAsJsonAsync(s.Api(path), body);
        await StudioApi.EnsureAsync(response);
        return await response.ReadJsonAsync();
    }

    public static async Task<int> RoomAsync(StudioSession s, string name = "Studio A", int buffer = 0, decimal? hourly = 50m, decimal? halfDay = 180m, decimal? fullDay = 300m) =>
        (await PostAsync(s, "/rooms", new { name, type = "recording", turnoverBufferMinutes = buffer, hourlyRate = hourly, halfDayRate = halfDay, fullDayRate = fullDay }))
        .GetProperty("id").GetInt32();

    public static async Task<int> ClientAsync(StudioSession s, string name = "The Band", decimal? deposit = null) =>
        (await ClientApiTests.CreateClientAsync(s, new { name, defaultDepositPercent = deposit })).GetProperty("id").GetInt32();

    public static async Task<int> EquipmentAsync(StudioSession s, string name = "U87", string status = "operational") =>
        (await PostAsync(s, "/equipment", new { name, status })).GetProperty("id").GetInt32();

    public static object Session(int roomId, int clientId, DateTime start, DateTime end, string title = "Tracking",
        int[]? engineerIds = null, int[]? equipmentIds = null) =>
        new { roomId, clientId, title, type = "recording", start, end, engineerIds = engineerIds ?? [], equipmentIds = equipmentIds ?? [] };

    public static Task<HttpResponseMessage> BookAsync(StudioSession s, object session) => s.Http.PostAsJsonAsync(s.Api("/sessions"), session);

    public static async Task<JsonElement> BookOkAsync(StudioSession s, object session)
    {
        var response = await BookAsync(s, session);
        await StudioApi.EnsureAsync(response);
        return await response.ReadJsonAsync();
    }

    /// <summary>The 409's conflicts: (reason, conflicting session id) of each.</summary>
    public static async Task<List<(string Reason, int? SessionId)>> ConflictsAsync(HttpResponseMessage response)
    {
        var body = await response.ReadJsonAsync();
        return body.GetProperty("conflicts").EnumerateArray()
            .Select(c => (c.GetProperty("reason").GetString()!, c.GetProperty("sessionId").ValueKind == JsonValueKind.Null ? (int?)null : c.GetProperty("sessionId").GetInt32()))
            .ToList();
    }
}
