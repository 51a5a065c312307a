using StudioManager.Infrastructure.Hosting;

namespace StudioManager.Scheduling;

/// <summary>A room as the API and pages show it. Rates are null for a member who may not see money.</summary>
public sealed record RoomDto(int Id, string Name, RoomType Type, string? Description, decimal? HourlyRate, decimal? HalfDayRate,
    decimal? FullDayRate, int? Capacity, int TurnoverBufferMinutes, string? OpeningHours, bool BookableByClients, bool IsActive,
    string Color, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static RoomDto From(Room r, bool withMoney) => new(r.Id, r.Name, r.Type, r.Description,
        withMoney ? r.HourlyRate : null, withMoney ? r.HalfDayRate : null, withMoney ? r.FullDayRate : null,
        r.Capacity, r.TurnoverBufferMinutes, r.OpeningHours, r.BookableByClients, r.IsActive, r.Color, r.CreatedAt, r.UpdatedAt);
}

/// <summary>Body of POST and PATCH /rooms (PATCH: absent fields unchanged, null clears).</summary>
public sealed class RoomInput
{
    public Optional<string?> Name { get; set; }
    public Optional<RoomType> Type { get; set; }
    public Optional<string?> Description { get; set; }
    public Optional<decimal?> HourlyRate { get; set; }
    public Optional<decimal?> HalfDayRate { get; set; }
    public Optional<decimal?> FullDayRate { get; set; }
    public Optional<int?> Capacity { get; set; }
    public Optional<int> TurnoverBufferMinutes { get; set; }
    public Optional<string?> OpeningHours { get; set; }
    public Optional<bool> BookableByClients { get; set; }
    public Optional<bool> IsActive { get; set; }
    public Optional<string?> Color { get; set; }
}

/// <summary>GET /rooms: active only unless `all`; paging.</summary>
public sealed record RoomQuery(bool All = false, int? Page = null, int? PageSize = null);

/// <summary>Equipment as the API and pages show it; purchase price is null for a member who may not see money.</summary>
public sealed record EquipmentDto(int Id, string Name, string? Brand, string? Model, string? SerialNumber, string? Category, int? RoomId,
    EquipmentStatus Status, EquipmentCondition Condition, DateOnly? PurchaseDate, decimal? PurchasePrice, DateOnly? WarrantyEnd,
    DateOnly? NextMaintenanceDate, string? Notes, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static EquipmentDto From(Equipment e, bool withMoney) => new(e.Id, e.Name, e.Brand, e.Model, e.SerialNumber, e.Category,
        e.RoomId, e.Status, e.Condition, e.PurchaseDate, withMoney ? e.PurchasePrice : null, e.WarrantyEnd, e.NextMaintenanceDate,
        e.Notes, e.CreatedAt, e.UpdatedAt);
}

/// <summary>Body of POST and PATCH /equipment.</summary>
public sealed class EquipmentInput
{
    public Optional<string?> Name { get; set; }
    public Optional<string?> Brand { get; set; }
    public Optional<string?> Model { get; set; }
    public Optional<string?> SerialNumber { get; set; }
    public Optional<string?> Category { get; set; }
    public Optional<int?> RoomId { get; set; }
    public Optional<EquipmentStatus> Status { get; set; }
    public Optional<EquipmentCondition> Condition { get; set; }
    public Optional<DateOnly?> PurchaseDate { get; set; }
    public Optional<decimal?> PurchasePrice { get; set; }
    public Optional<DateOnly?> WarrantyEnd { get; set; }
    public Optional<DateOnly?> NextMaintenanceDate { get; set; }
    public Optional<string?> Notes { get; set; }
}

/// <summary>GET /equipment: `roomId`, `status`, `q` (name, brand, model, serial, category), `maintenanceDue`
/// (next maintenance on or before today); paging.</summary>
public sealed record EquipmentQuery(int? RoomId = null, string? Status = null, string? Q = null, bool? MaintenanceDue = null,
    int? Page = null, int? PageSize = null);

public sealed record MaintenanceEntryDto(int Id, int EquipmentId, DateOnly PerformedOn, string Description, string? PerformedBy,
    decimal? Cost, string? CreatedByName, DateTime CreatedAt)
{
    public static MaintenanceEntryDto From(MaintenanceEntry m, bool withMoney) =>
        new(m.Id, m.EquipmentId, m.PerformedOn, m.Description, m.PerformedBy, withMoney ? m.Cost : null, m.CreatedByName, m.CreatedAt);
}

/// <summary>Body of POST /equipment/{id}/maintenance: the work done; nextMaintenanceDate, when sent, becomes the
/// equipment's; status, when sent, too (back to operational after a repair).</summary>
public sealed record MaintenanceInput(DateOnly? PerformedOn, string? Description, string? PerformedBy, decimal? Cost,
    DateOnly? NextMaintenanceDate, EquipmentStatus? Status);

/// <summary>A session as the API and pages show it; price and deposit are null for a member who may not see money.</summary>
public sealed record SessionDto(int Id, int RoomId, string RoomName, int ClientId, string ClientName, int? ProjectId, int? SeriesId,
    string Title, SessionType Type, SessionStatus Status, DateTime Start, DateTime End, IReadOnlyList<int> EngineerIds,
    IReadOnlyList<int> EquipmentIds, decimal? Price, bool PriceIsManual, decimal? DepositAmount, bool DepositPaid, string? Notes,
    int Sequence, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>Body of POST /sessions (and of PATCH, where absent fields stay). start/end are UTC instants; a price
/// sets it by hand (null on PATCH goes back to the room's rates), likewise depositAmount.</summary>
public sealed class SessionInput
{
    public Optional<int> RoomId { get; set; }
    public Optional<int> ClientId { get; set; }
    public Optional<int?> ProjectId { get; set; }
    public Optional<string?> Title { get; set; }
    public Optional<SessionType> Type { get; set; }
    public Optional<DateTime> Start { get; set; }
    public Optional<DateTime> End { get; set; }
    /// <summary>On creation only: tentative (default) or confirmed. Later changes go through the transitions.</summary>
    public Optional<SessionStatus> Status { get; set; }
    public Optional<List<int>?> EngineerIds { get; set; }
    public Optional<List<int>?> EquipmentIds { get; set; }
    public Optional<decimal?> Price { get; set; }
    public Optional<decimal?> DepositAmount { get; set; }
    public Optional<bool> DepositPaid { get; set; }
    public Optional<string?> Notes { get; set; }
    /// <summary>On creation only: repeat the session.</summary>
    public RecurrenceInput? Recurrence { get; set; }
}

/// <summary>How a session repeats: daily or weekly, every `interval` days or weeks, `count` times or until a date
/// (the studio's calendar, inclusive).</summary>
public sealed record RecurrenceInput(RecurrenceFrequency Frequency, int? Interval, int? Count, DateOnly? Until);

/// <summary>POST /sessions with a recurrence: the series and its sessions.</summary>
public sealed record SessionSeriesDto(int SeriesId, string Rule, IReadOnlyList<SessionDto> Sessions);

/// <summary>GET /sessions: sessions overlapping [from, to), by room, client, engineer, status, project; ordered by start; paging.</summary>
public sealed record SessionQuery(DateTime? From = null, DateTime? To = null, int? RoomId = null, int? ClientId = null,
    int? EngineerId = null, string? Status = null, int? Page = null, int? PageSize = null, int? ProjectId = null);

/// <summary>Why a booking was refused, one line per clash: the occurrence asked for, what it clashes with (room,
/// engineer, equipment: the session holding them; unavailable_equipment: the equipment's status).</summary>
public sealed record SessionConflict(string Reason, DateTime Start, DateTime End, int? SessionId, string? SessionTitle,
    DateTime? SessionStart, DateTime? SessionEnd, int? RoomId, int? EngineerId, int? EquipmentId);
