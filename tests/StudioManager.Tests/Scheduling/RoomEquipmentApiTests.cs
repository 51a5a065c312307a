using System.Net;
using System.Net.Http.Json;
using StudioManager.Tests.Infrastructure;
using static StudioManager.Tests.Scheduling.Booking;

namespace StudioManager.Tests.Scheduling;

public abstract class RoomEquipmentApiTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldCreateUpdateListAndDeleteRooms()
    {
        var s = await app.RegisterStudioAsync();
        var created = await PostAsync(s, "/rooms", new { name = " Live Room ", type = "live", capacity = 8, color = "#AA3300", turnoverBufferMinutes = 15, openingHours = "Mon–Sat 10:00–23:00" });
        var id = created.GetProperty("id").GetInt32();
        var duplicate = await s.Http.PostAsJsonAsync(s.Api("/rooms"), new { name = "Live Room" });
        var invalid = await s.Http.PostAsJsonAsync(s.Api("/rooms"), new { name = "X", color = "red", turnoverBufferMinutes = -5 });
        var archived = await (await s.Http.PatchAsJsonAsync(s.Api($"/rooms/{id}"), new { isActive = false })).ReadJsonAsync();
        var active = await (await s.Http.GetAsync(s.Api("/rooms"))).ReadJsonAsync();
        var all = await (await s.Http.GetAsync(s.Api("/rooms?all=true"))).ReadJsonAsync();

        Assert.Equal(("Live Room", "live", "#aa3300"), (created.GetProperty("name").GetString(), created.GetProperty("type").GetString(), created.GetProperty("color").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.ReadJsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("color", out _) && errors.TryGetProperty("turnoverBufferMinutes", out _));
        Assert.False(archived.GetProperty("isActive").GetBoolean());
        Assert.Equal(0, active.GetProperty("total").GetInt32());
        Assert.Equal(1, all.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await s.Http.DeleteAsync(s.Api($"/rooms/{id}"))).StatusCode);
    }

    [Fact]
    public async Task ShouldRefuseDeletingARoomWithSessionsAndABufferThatMakesComingSessionsOverlap()
    {
        var s = await app.RegisterStudioAsync();
        var room = await RoomAsync(s);
        var client = await ClientAsync(s);
        await BookOkAsync(s, Session(room, client, At(10), At(12)));
        await BookOkAsync(s, Session(room, client, At(12, 20), At(14)));

        var delete = await s.Http.DeleteAsync(s.Api($"/rooms/{room}"));
        var bigBuffer = await s.Http.PatchAsJsonAsync(s.Api($"/rooms/{room}"), new { turnoverBufferMinutes = 30 });
        var smallBuffer = await s.Http.PatchAsJsonAsync(s.Api($"/rooms/{room}"), new { turnoverBufferMinutes = 20 });

        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, bigBuffer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, smallBuffer.StatusCode);
        // The new buffer holds for the next booking.
        Assert.Equal(HttpStatusCode.Conflict, (await BookAsync(s, Session(room, client, At(14, 10), At(15)))).StatusCode);
    }

    [Fact]
    public async Task ShouldKeepAMaintenanceLogAndTheNextMaintenanceDate()
    {
        var s = await app.RegisterStudioAsync();
        var room = await RoomAsync(s);
        var created = await PostAsync(s, "/equipment", new { name = "Neve 1073", brand = "AMS Neve", category = "preamp", roomId = room, serialNumber = "SN-1", status = "maintenance", purchasePrice = 3200.5m });
        var id = created.GetProperty("id").GetInt32();

        var entry = await PostAsync(s, $"/equipment/{id}/maintenance", new { performedOn = "2026-01-10", description = "Recapped", performedBy = "Tech Co", cost = 120m, nextMaintenanceDate = "2027-01-10", status = "operational" });
        await PostAsync(s, $"/equipment/{id}/maintenance", new { performedOn = "2026-02-01", description = "Cleaned the pots" });
        var log = (await (await s.Http.GetAsync(s.Api($"/equipment/{id}/maintenance"))).ReadJsonAsync()).EnumerateArray().ToList();
        var after = await (await s.Http.GetAsync(s.Api($"/equipment/{id}"))).ReadJsonAsync();
        var future = await s.Http.PostAsJsonAsync(s.Api($"/equipment/{id}/maintenance"), new { performedOn = "2099-01-01", description = "Later" });
        var search = await (await s.Http.GetAsync(s.Api("/equipment?q=neve&status=operational"))).ReadJsonAsync();

        Assert.Equal(120m, entry.GetProperty("cost").GetDecimal());
        Assert.Equal(["Cleaned the pots", "Recapped"], log.Select(e => e.GetProperty("description").GetString()));
        Assert.Equal(("operational", "2027-01-10"), (after.GetProperty("status").GetString(), after.GetProperty("nextMaintenanceDate").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Equal(1, search.GetProperty("total").GetInt32());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RoomEquipmentApiTests_Sqlite(SqliteAppFactory app) : RoomEquipmentApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RoomEquipmentApiTests_Postgres(PostgresAppFactory app) : RoomEquipmentApiTests(app);
