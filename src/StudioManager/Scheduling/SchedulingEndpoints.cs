using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Scheduling;

public static class SchedulingEndpoints
{
    public static void MapSchedulingEndpoints(this IEndpointRouteBuilder app)
    {
        var rooms = app.MapGroup("/api/studios/{studio}").StudioScoped()
            .WithTag("Rooms", "The studio's rooms (rates, turnover buffer, calendar colour) and equipment with its maintenance log.");
        rooms.MapGet("/rooms", ListRooms).RequirePermission(Permission.ViewSchedule).WithName("ListRooms");
        rooms.MapPost("/rooms", CreateRoom).RequirePermission(Permission.ManageRooms).WithName("CreateRoom")
            .ProducesProblem(StatusCodes.Status409Conflict);
        rooms.MapGet("/rooms/{id:int}", GetRoom).RequirePermission(Permission.ViewSchedule).WithName("GetRoom");
        rooms.MapPatch("/rooms/{id:int}", UpdateRoom).RequirePermission(Permission.ManageRooms).WithName("UpdateRoom")
            .ProducesProblem(StatusCodes.Status409Conflict);
        rooms.MapDelete("/rooms/{id:int}", DeleteRoom).RequirePermission(Permission.ManageRooms).WithName("DeleteRoom")
            .ProducesProblem(StatusCodes.Status409Conflict);

        rooms.MapGet("/equipment", ListEquipment).RequirePermission(Permission.ViewSchedule).WithName("ListEquipment");
        rooms.MapPost("/equipment", CreateEquipment).RequirePermission(Permission.ManageRooms).WithName("CreateEquipment");
        rooms.MapGet("/equipment/{id:int}", GetEquipment).RequirePermission(Permission.ViewSchedule).WithName("GetEquipment");
        rooms.MapPatch("/equipment/{id:int}", UpdateEquipment).RequirePermission(Permission.ManageRooms).WithName("UpdateEquipment");
        rooms.MapDelete("/equipment/{id:int}", DeleteEquipment).RequirePermission(Permission.ManageRooms).WithName("DeleteEquipment")
            .ProducesProblem(StatusCodes.Status409Conflict);
        rooms.MapGet("/equipment/{id:int}/maintenance", ListMaintenance).RequirePermission(Permission.ViewSchedule).WithName("ListEquipmentMaintenance");
        rooms.MapPost("/equipment/{id:int}/maintenance", LogMaintenance).RequirePermission(Permission.ManageRooms).WithName("LogEquipmentMaintenance");

        var sessions = app.MapGroup("/api/studios/{studio}").StudioScoped()
            .WithTag("Sessions", "Bookings of a room for a client: never two at once in a room (turnover buffer included), for an engineer or a piece of equipment; recurring series; lifecycle.");
        sessions.MapGet("/sessions", ListSessions).RequirePermission(Permission.ViewSchedule).WithName("ListSessions");
        sessions.MapPost("/sessions", CreateSession).RequirePermission(Permission.BookSessions).WithName("CreateSession")
            .ProducesProblem(StatusCodes.Status409Conflict);
        sessions.MapGet("/sessions/{id:int}", GetSession).RequirePermission(Permission.ViewSchedule).WithName("GetSession");
        sessions.MapPatch("/sessions/{id:int}", UpdateSession).RequirePermission(Permission.BookSessions).WithName("UpdateSession")
            .ProducesProblem(StatusCodes.Status409Conflict);
        sessions.MapPost("/sessions/{id:int}/confirm", Confirm).RequirePermission(Permission.BookSessions).WithName("ConfirmSession")
            .ProducesProblem(StatusCodes.Status409Conflict);
        sessions.MapPost("/sessions/{id:int}/start", Start).RequirePermission(Permission.BookSessions).WithName("StartSession")
            .ProducesProblem(StatusCodes.Status409Conflict);
        sessions.MapPost("/sessions/{id:int}/complete", Complete).RequirePermission(Permission.BookSessions).WithName("CompleteSession")
            .ProducesProblem(StatusCodes.Status409Conflict);
        sessions.MapPost("/sessions/{id:int}/cancel", Cancel).RequirePermission(Permission.BookSessions).WithName("CancelSession")
            .ProducesProblem(StatusCodes.Status409Conflict);
        sessions.MapPost("/sessions/{id:int}/no-show", NoShow).RequirePermission(Permission.BookSessions).WithName("MarkSessionNoShow")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Lists the studio's rooms, by name (active ones unless all=true).</summary>
    public static async Task<Ok<ListPage<RoomDto>>> ListRooms(RoomService rooms, CancellationToken ct,
        [FromQuery] bool all = false, [FromQuery] int? page = null, [FromQuery] int? pageSize = null) =>
        TypedResults.Ok(await rooms.ListAsync(new RoomQuery(all, page, pageSize), ct));

    /// <summary>Creates a room.</summary>
    public static async Task<Created<RoomDto>> CreateRoom(RoomInput input, RoomService rooms, CurrentTenant tenant, CancellationToken ct)
    {
        var room = await rooms.CreateAsync(input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/rooms/{room.Id}", room);
    }

    /// <summary>Reads a room.</summary>
    public static async Task<Ok<RoomDto>> GetRoom(int id, RoomService rooms, CancellationToken ct) => TypedResults.Ok(await rooms.GetAsync(id, ct));

    /// <summary>Changes the fields sent; a new turnover buffer applies to the coming sessions.</summary>
    public static async Task<Ok<RoomDto>> UpdateRoom(int id, RoomInput patch, RoomService rooms, CancellationToken ct) =>
        TypedResults.Ok(await rooms.UpdateAsync(id, patch, ct));

    /// <summary>Deletes a room that never had a session.</summary>
    public static async Task<NoContent> DeleteRoom(int id, RoomService rooms, CancellationToken ct)
    {
        await rooms.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Lists the studio's equipment: by room, status, words, maintenance due.</summary>
    public static async Task<Ok<ListPage<EquipmentDto>>> ListEquipment(EquipmentService equipment, CancellationToken ct,
        [FromQuery] int? roomId = null, [FromQuery, ClosedSet(typeof(EquipmentStatus))] string? status = null, [FromQuery] string? q = null,
        [FromQuery] bool? maintenanceDue = null, [FromQuery] int? page = null, [FromQuery] int? pageSize = null) =>
        TypedResults.Ok(await equipment.ListAsync(new EquipmentQuery(roomId, status, q, maintenanceDue, page, pageSize), ct));

    /// <summary>Adds a piece of equipment.</summary>
    public static async Task<Created<EquipmentDto>> CreateEquipment(EquipmentInput input, EquipmentService equipment, CurrentTenant tenant, CancellationToken ct)
    {
        var created = await equipment.CreateAsync(input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/equipment/{created.Id}", created);
    }

    /// <summary>Reads a piece of equipment.</summary>
    public static async Task<Ok<EquipmentDto>> GetEquipment(int id, EquipmentService equipment, CancellationToken ct) =>
        TypedResults.Ok(await equipment.GetAsync(id, ct));

    /// <summary>Changes the fields sent.</summary>
    public static async Task<Ok<EquipmentDto>> UpdateEquipment(int id, EquipmentInput patch, EquipmentService equipment, CancellationToken ct) =>
        TypedResults.Ok(await equipment.UpdateAsync(id, patch, ct));

    /// <summary>Deletes equipment never reserved.</summary>
    public static async Task<NoContent> DeleteEquipment(int id, EquipmentService equipment, CancellationToken ct)
    {
        await equipment.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The equipment's maintenance log, most recent first.</summary>
    public static async Task<Ok<List<MaintenanceEntryDto>>> ListMaintenance(int id, EquipmentService equipment, CancellationToken ct) =>
        TypedResults.Ok(await equipment.MaintenanceAsync(id, ct));

    /// <summary>Logs maintenance work (and the next date, the status after it).</summary>
    public static async Task<Created<MaintenanceEntryDto>> LogMaintenance(int id, MaintenanceInput input, EquipmentService equipment, CurrentTenant tenant, CancellationToken ct)
    {
        var entry = await equipment.LogMaintenanceAsync(id, input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/equipment/{id}/maintenance", entry);
    }

    /// <summary>Lists sessions overlapping [from, to), by room, client, engineer, status and project, ordered by start.</summary>
    public static async Task<Ok<ListPage<SessionDto>>> ListSessions(SessionService sessions, CancellationToken ct,
        [FromQuery] DateTime? from = null, [FromQuery] DateTime? to = null, [FromQuery] int? roomId = null, [FromQuery] int? clientId = null,
        [FromQuery] int? engineerId = null, [FromQuery, ClosedSet(typeof(SessionStatus))] string? status = null,
        [FromQuery] int? page = null, [FromQuery] int? pageSize = null, [FromQuery] int? projectId = null) =>
        TypedResults.Ok(await sessions.ListAsync(new SessionQuery(from, to, roomId, clientId, engineerId, status, page, pageSize, projectId), ct));

    /// <summary>Books a session, or a series when a recurrence is given; 409 with the conflicts.</summary>
    public static async Task<Results<Created<SessionDto>, Created<SessionSeriesDto>>> CreateSession(SessionInput input, SessionService sessions,
        CurrentTenant tenant, CancellationToken ct)
    {
        if (input.Recurrence is null)
        {
            var session = await sessions.CreateAsync(input, ct);
            return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/sessions/{session.Id}", session);
        }
        var series = await sessions.CreateSeriesAsync(input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/sessions?seriesId={series.SeriesId}", series);
    }

    /// <summary>Reads a session.</summary>
    public static async Task<Ok<SessionDto>> GetSession(int id, SessionService sessions, CancellationToken ct) =>
        TypedResults.Ok(await sessions.GetAsync(id, ct));

    /// <summary>Changes the fields sent (time, room, people and gear checked again); 409 with the conflicts.</summary>
    public static async Task<Ok<SessionDto>> UpdateSession(int id, SessionInput patch, SessionService sessions, CancellationToken ct) =>
        TypedResults.Ok(await sessions.UpdateAsync(id, patch, ct));

    /// <summary>Confirms a tentative session.</summary>
    public static async Task<Ok<SessionDto>> Confirm(int id, SessionService sessions, CancellationToken ct) =>
        TypedResults.Ok(await sessions.TransitionAsync(id, SessionStatus.Confirmed, ct));

    /// <summary>Marks a confirmed session as started.</summary>
    public static async Task<Ok<SessionDto>> Start(int id, SessionService sessions, CancellationToken ct) =>
        TypedResults.Ok(await sessions.TransitionAsync(id, SessionStatus.InProgress, ct));

    /// <summary>Completes a session.</summary>
    public static async Task<Ok<SessionDto>> Complete(int id, SessionService sessions, CancellationToken ct) =>
        TypedResults.Ok(await sessions.TransitionAsync(id, SessionStatus.Completed, ct));

    /// <summary>Cancels a session not yet started: its room, engineers and equipment are free again.</summary>
    public static async Task<Ok<SessionDto>> Cancel(int id, SessionService sessions, CancellationToken ct) =>
        TypedResults.Ok(await sessions.TransitionAsync(id, SessionStatus.Cancelled, ct));

    /// <summary>Records that the client of a confirmed session did not come.</summary>
    public static async Task<Ok<SessionDto>> NoShow(int id, SessionService sessions, CancellationToken ct) =>
        TypedResults.Ok(await sessions.TransitionAsync(id, SessionStatus.NoShow, ct));
}
