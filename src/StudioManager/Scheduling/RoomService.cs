using StudioManager.Infrastructure.Time;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Scheduling;

/// <summary>The studio's rooms: their set-up and rates (ManageRooms); every member who sees the calendar sees them.</summary>
public sealed partial class RoomService(TenantDbContext db, TimeProvider clock, CurrentTenant tenant)
{
    [RequiresPermission(Permission.ViewSchedule)]
    public async Task<ListPage<RoomDto>> ListAsync(RoomQuery query, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var q = db.Rooms.AsNoTracking();
        if (!query.All) q = q.Where(r => r.IsActive);
        var page = await q.OrderBy(r => r.Name).ThenBy(r => r.Id).ToListPageAsync(Paging.Of(query.Page, query.PageSize), ct);
        var money = tenant.Can(Permission.ViewMoney);
        return page.Map(r => RoomDto.From(r, money));
    }

    [RequiresPermission(Permission.ViewSchedule)]
    public async Task<RoomDto> GetAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return RoomDto.From(await FindAsync(id, ct), tenant.Can(Permission.ViewMoney));
    }

    [RequiresPermission(Permission.ManageRooms)]
    public async Task<RoomDto> CreateAsync(RoomInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var now = clock.StoredUtcNow();
        var room = new Room { CreatedAt = now, UpdatedAt = now };
        Apply(room, input);
        db.Rooms.Add(room);
        await SaveAsync(room, ct);
        return RoomDto.From(room, tenant.Can(Permission.ViewMoney));
    }

    /// <summary>Changes the fields sent. A new turnover buffer applies to the sessions still to come: 409 when it would
    /// make two of them overlap.</summary>
    [RequiresPermission(Permission.ManageRooms)]
    public async Task<RoomDto> UpdateAsync(int id, RoomInput patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var room = await FindAsync(id, ct);
        var buffer = room.TurnoverBufferMinutes;
        Apply(room, patch);
        room.UpdatedAt = clock.StoredUtcNow();
        await db.InTransactionAsync(async () =>
        {
            if (room.TurnoverBufferMinutes != buffer) await ExtendBlocksAsync(room, ct);
            await SaveAsync(room, ct);
            return 0;
        }, ct);
        return RoomDto.From(room, tenant.Can(Permission.ViewMoney));
    }

    /// <summary>Deletes a room that never had a session; one with sessions is made inactive instead (409).</summary>
    [RequiresPermission(Permission.ManageRooms)]
    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var room = await FindAsync(id, ct);
        if (await db.Sessions.AnyAsync(s => s.RoomId == id, ct))
            throw new ConflictException($"{room.Name} has sessions: make it inactive instead of deleting it.");
        db.Rooms.Remove(room);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Recomputes how long the room's coming sessions block it, refusing a buffer that makes two overlap.</summary>
    private async Task ExtendBlocksAsync(Room room, CancellationToken ct)
    {
        await db.LockTableAsync<Session>(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var coming = await db.Sessions.Where(s => s.RoomId == room.Id && s.Status != SessionStatus.Cancelled && s.BlockedUntil > now)
            .IgnoreAutoIncludes().OrderBy(s => s.StartsAt).ToListAsync(ct);
        foreach (var s in coming) s.BlockedUntil = s.EndsAt.AddMinutes(room.TurnoverBufferMinutes);
        var clashes = coming.Zip(coming.Skip(1)).Where(p => p.Second.StartsAt < p.First.BlockedUntil).ToList();
        if (clashes.Count > 0)
            throw new ConflictException($"With {room.TurnoverBufferMinutes} minutes between sessions, {clashes.Count} of the coming sessions would overlap the next one.",
                clashes.Select(p => new { sessionId = p.First.Id, nextSessionId = p.Second.Id }).ToList())
            {
                Errors = new Dictionary<string, string[]> { ["turnoverBufferMinutes"] = ["Sessions already booked would be closer than this."] },
            };
    }

    internal async Task<Room> FindAsync(int id, CancellationToken ct) =>
        await db.Rooms.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException($"There is no room {id}.");

    /// <summary>Saves; a name another room holds is a 409 on the name.</summary>
    private async Task SaveAsync(Room room, CancellationToken ct)
    {
        if (await NameTakenAsync(room, ct)) throw NameTaken(room);
        try { await db.SaveChangesAsync(ct); }
        catch (ConflictException)
        {
            // The unique name index: another request took the name meanwhile.
            if (db.Database.CurrentTransaction is null && await NameTakenAsync(room, ct)) throw NameTaken(room);
            throw;
        }
    }

    private Task<bool> NameTakenAsync(Room room, CancellationToken ct) => db.Rooms.AnyAsync(r => r.Id != room.Id && r.Name == room.Name, ct);

    private static ConflictException NameTaken(Room room) => new($"There is already a room named {room.Name}.")
    {
        Errors = new Dictionary<string, string[]> { ["name"] = [$"There is already a room named {room.Name}."] },
    };

    private void Apply(Room r, RoomInput i)
    {
        if (i.Name.HasValue) r.Name = Clean(i.Name.Value) ?? "";
        if (i.Type.HasValue) r.Type = i.Type.Value;
        if (i.Description.HasValue) r.Description = Clean(i.Description.Value);
        if (i.Capacity.HasValue) r.Capacity = i.Capacity.Value;
        if (i.TurnoverBufferMinutes.HasValue) r.TurnoverBufferMinutes = i.TurnoverBufferMinutes.Value;
        if (i.OpeningHours.HasValue) r.OpeningHours = Clean(i.OpeningHours.Value);
        if (i.BookableByClients.HasValue) r.BookableByClients = i.BookableByClients.Value;
        if (i.IsActive.HasValue) r.IsActive = i.IsActive.Value;
        if (i.Color.HasValue) r.Color = Clean(i.Color.Value)?.ToLowerInvariant() ?? "#3b82f6";
        if ((i.HourlyRate.HasValue || i.HalfDayRate.HasValue || i.FullDayRate.HasValue) && !tenant.Can(Permission.ManageMoney))
            throw new ForbiddenException($"Your role ({tenant.Role.ToString().ToLowerInvariant()}) does not allow this: {Permission.ManageMoney.Describe()} (rates).");
        if (i.HourlyRate.HasValue) r.HourlyRate = Money(i.HourlyRate.Value);
        if (i.HalfDayRate.HasValue) r.HalfDayRate = Money(i.HalfDayRate.Value);
        if (i.FullDayRate.HasValue) r.FullDayRate = Money(i.FullDayRate.Value);

        new Validation()
            .Check(r.Name.Length > 0, "name", "A name is required.").MaxLength("name", r.Name, 100)
            .MaxLength("description", r.Description, 2000).MaxLength("openingHours", r.OpeningHours, 200)
            .Between("hourlyRate", r.HourlyRate, 0, 1_000_000, "The hourly rate")
            .Between("halfDayRate", r.HalfDayRate, 0, 1_000_000, "The half-day rate")
            .Between("fullDayRate", r.FullDayRate, 0, 1_000_000, "The full-day rate")
            .Between("capacity", r.Capacity, 1, 10_000, "The capacity")
            .Between("turnoverBufferMinutes", r.TurnoverBufferMinutes, 0, SessionService.MaxTurnoverMinutes, "The turnover buffer (minutes)")
            .Check(ColorPattern().IsMatch(r.Color), "color", "A colour is #rrggbb (e.g. #3b82f6).")
            .ThrowIfInvalid();
    }

    private static decimal? Money(decimal? amount) => amount is { } a ? SessionPricing.Money(a) : null;

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    [GeneratedRegex("^#[0-9a-f]{6}$")] private static partial Regex ColorPattern();
}
