using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Errors;
using StudioManager.Scheduling;
using StudioManager.Tests.Infrastructure;
using static StudioManager.Tests.Scheduling.Booking;

namespace StudioManager.Tests.Scheduling;

/// <summary>No double booking: a room (turnover buffer included), an engineer, a piece of equipment; cancelled sessions
/// hold nothing; a race for one slot has one winner.</summary>
public abstract class SessionConflictTests(StudioAppFactory app)
{
    private const int Racers = 20;

    [Fact]
    public async Task ShouldFreeTheSlotOfACancelledSession()
    {
        var s = await app.RegisterStudioAsync();
        var room = await RoomAsync(s, buffer: 15);
        var client = await ClientAsync(s);
        var first = (await BookOkAsync(s, Session(room, client, At(10), At(12)))).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.Conflict, (await BookAsync(s, Session(room, client, At(11), At(13)))).StatusCode);

        await StudioApi.EnsureAsync(await s.Http.PostAsync(s.Api($"/sessions/{first}/cancel"), null));

        Assert.Equal(HttpStatusCode.Created, (await BookAsync(s, Session(room, client, At(11), At(13)))).StatusCode);
    }

    [Fact]
    public async Task ShouldRefuseAnEngineerInTwoRoomsAtOnce()
    {
        var s = await app.RegisterStudioAsync();
        var (a, b) = (await RoomAsync(s, "A"), await RoomAsync(s, "B"));
        var client = await ClientAsync(s);
        var first = (await BookOkAsync(s, Session(a, client, At(10), At(12), engineerIds: [s.UserId]))).GetProperty("id").GetInt32();

        var clash = await BookAsync(s, Session(b, client, At(11), At(13), engineerIds: [s.UserId]));
        var afterwards = await BookAsync(s, Session(b, client, At(12), At(13), engineerIds: [s.UserId]));
        var someoneElse = await BookAsync(s, Session(b, client, At(11), At(12), engineerIds: [999_999]));

        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal([("engineer", (int?)first)], await ConflictsAsync(clash));
        Assert.Equal(HttpStatusCode.Created, afterwards.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, someoneElse.StatusCode);
    }

    [Fact]
    public async Task ShouldRefuseEquipmentReservedTwiceOrNotInService()
    {
        var s = await app.RegisterStudioAsync();
        var (a, b) = (await RoomAsync(s, "A"), await RoomAsync(s, "B"));
        var client = await ClientAsync(s);
        var mic = await EquipmentAsync(s, "U87");
        var broken = await EquipmentAsync(s, "LA-2A", "out_of_service");
        var first = (await BookOkAsync(s, Session(a, client, At(10), At(12), equipmentIds: [mic]))).GetProperty("id").GetInt32();

        var twice = await BookAsync(s, Session(b, client, At(11), At(13), equipmentIds: [mic]));
        var outOfService = await BookAsync(s, Session(b, client, At(14), At(15), equipmentIds: [broken]));

        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal([("equipment", (int?)first)], await ConflictsAsync(twice));
        Assert.Equal(HttpStatusCode.Conflict, outOfService.StatusCode);
        Assert.Equal([("unavailable_equipment", (int?)null)], await ConflictsAsync(outOfService));
    }

    [Fact]
    public async Task ShouldCheckAMoveLikeABookingLeavingTheSessionItselfAside()
    {
        var s = await app.RegisterStudioAsync();
        var room = await RoomAsync(s, buffer: 30);
        var client = await ClientAsync(s);
        var first = (await BookOkAsync(s, Session(room, client, At(10), At(12)))).GetProperty("id").GetInt32();
        var second = (await BookOkAsync(s, Session(room, client, At(14), At(16)))).GetProperty("id").GetInt32();

        var longer = await s.Http.PatchAsJsonAsync(s.Api($"/sessions/{first}"), new { end = At(13) });
        var ontoSecond = await s.Http.PatchAsJsonAsync(s.Api($"/sessions/{first}"), new { start = At(15), end = At(17) });

        Assert.Equal(HttpStatusCode.OK, longer.StatusCode);
        Assert.Equal(1, (await longer.ReadJsonAsync()).GetProperty("sequence").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, ontoSecond.StatusCode);
        Assert.Equal([("room", (int?)second)], await ConflictsAsync(ontoSecond));
    }

    [Fact]
    public async Task ShouldBookOneSessionWhenTwentyRequestsWantTheSameSlot()
    {
        var s = await app.RegisterStudioAsync();
        var room = await RoomAsync(s, buffer: 10);
        var client = await ClientAsync(s);

        // Each racer asks a slightly different slot of the same room: all overlap one another.
        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i =>
            BookAsync(s, Session(room, client, At(10, i), At(12, i), $"Racer {i}"))));

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var winnerId = (await winner.ReadJsonAsync()).GetProperty("id").GetInt32();
        foreach (var loser in responses.Where(r => r != winner))
        {
            Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
            Assert.Contains(("room", (int?)winnerId), await ConflictsAsync(loser));
        }
        await using var db = await app.TenantDbAsync(s.Slug);
        Assert.Equal(1, await db.Set<Session>().CountAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SessionConflictTests_Sqlite(SqliteAppFactory app) : SessionConflictTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SessionConflictTests_Postgres(PostgresAppFactory app) : SessionConflictTests(app);

/// <summary>On PostgreSQL the database itself refuses a room overlap, whatever code writes it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RoomOverlapConstraintTests(PostgresAppFactory app)
{
    [Fact]
    public async Task ShouldRefuseAnOverlapWrittenPastTheServiceButNotACancelledOne()
    {
        var s = await app.RegisterStudioAsync();
        var room = await RoomAsync(s, buffer: 30);
        var client = await ClientAsync(s);
        await BookOkAsync(s, Session(room, client, At(10), At(12)));
        Session Raw(DateTime start, DateTime end, SessionStatus status) => new()
        {
            RoomId = room, ClientId = client, Title = "Written directly", Status = status, StartsAt = start, EndsAt = end,
            BlockedUntil = end.AddMinutes(30), CreatedAt = At(0), UpdatedAt = At(0),
        };

        await using var db = await app.TenantDbAsync(s.Slug);
        db.Add(Raw(At(12, 15), At(13), SessionStatus.Confirmed)); // starts inside the first one's turnover buffer
        await Assert.ThrowsAsync<ConflictException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.Add(Raw(At(11), At(13), SessionStatus.Cancelled));
        await db.SaveChangesAsync();
        db.Add(Raw(At(12, 30), At(13), SessionStatus.Tentative)); // right after the buffer
        await db.SaveChangesAsync();

        Assert.Equal(3, await db.Set<Session>().CountAsync());
    }
}
