using StudioManager.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Scheduling;

/// <summary>The studio's gear and its maintenance log. Purchase prices and maintenance costs are money.</summary>
public sealed class EquipmentService(TenantDbContext db, TimeProvider clock, CurrentTenant tenant)
{
    [RequiresPermission(Permission.ViewSchedule)]
    public async Task<ListPage<EquipmentDto>> ListAsync(EquipmentQuery query, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var status = Validation.ParseEnum<EquipmentStatus>("status", query.Status?.Replace("_", ""));
        var q = db.Equipment.AsNoTracking();
        if (query.RoomId is { } roomId) q = q.Where(e => e.RoomId == roomId);
        if (status is { } st) q = q.Where(e => e.Status == st);
        if (query.MaintenanceDue == true)
        {
            var today = Today();
            q = q.Where(e => e.NextMaintenanceDate <= today);
        }
        foreach (var word in (query.Q ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var w = word.ToLower();
            q = q.Where(e => e.Name.ToLower().Contains(w) || e.Brand!.ToLower().Contains(w) || e.Model!.ToLower().Contains(w)
                             || e.SerialNumber!.ToLower().Contains(w) || e.Category!.ToLower().Contains(w));
        }
        var page = await q.OrderBy(e => e.Name).ThenBy(e => e.Id).ToListPageAsync(Paging.Of(query.Page, query.PageSize), ct);
        var money = tenant.Can(Permission.ViewMoney);
        return page.Map(e => EquipmentDto.From(e, money));
    }

    [RequiresPermission(Permission.ViewSchedule)]
    public async Task<EquipmentDto> GetAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return EquipmentDto.From(await FindAsync(id, ct), tenant.Can(Permission.ViewMoney));
    }

    [RequiresPermission(Permission.ManageRooms)]
    public async Task<EquipmentDto> CreateAsync(EquipmentInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var now = clock.StoredUtcNow();
        var equipment = new Equipment { CreatedAt = now, UpdatedAt = now };
        await ApplyAsync(equipment, input, ct);
        db.Equipment.Add(equipment);
        await db.SaveChangesAsync(ct);
        return EquipmentDto.From(equipment, tenant.Can(Permission.ViewMoney));
    }

    [RequiresPermission(Permission.ManageRooms)]
    public async Task<EquipmentDto> UpdateAsync(int id, EquipmentInput patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var equipment = await FindAsync(id, ct);
        await ApplyAsync(equipment, patch, ct);
        equipment.UpdatedAt = clock.StoredUtcNow();
        await db.SaveChangesAsync(ct);
        return EquipmentDto.From(equipment, tenant.Can(Permission.ViewMoney));
    }

    /// <summary>Deletes equipment never reserved; reserved equipment is marked out of service instead (409).</summary>
    [RequiresPermission(Permission.ManageRooms)]
    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var equipment = await FindAsync(id, ct);
        if (await db.Sessions.AnyAsync(s => s.Equipment.Any(e => e.EquipmentId == id), ct))
            throw new ConflictException($"{equipment.Name} was reserved for sessions: mark it out of service instead of deleting it.");
        db.Equipment.Remove(equipment);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The maintenance log, most recent first.</summary>
    [RequiresPermission(Permission.ViewSchedule)]
    public async Task<List<MaintenanceEntryDto>> MaintenanceAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        await FindAsync(id, ct);
        var money = tenant.Can(Permission.ViewMoney);
        return (await db.EquipmentMaintenance.AsNoTracking().Where(m => m.EquipmentId == id)
                .OrderByDescending(m => m.PerformedOn).ThenByDescending(m => m.Id).ToListAsync(ct))
            .Select(m => MaintenanceEntryDto.From(m, money)).ToList();
    }

    /// <summary>Logs maintenance work; its next date and the equipment's status, when given, become the equipment's.</summary>
    [RequiresPermission(Permission.ManageRooms)]
    public async Task<MaintenanceEntryDto> LogMaintenanceAsync(int id, MaintenanceInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var equipment = await FindAsync(id, ct);
        var entry = new MaintenanceEntry
        {
            EquipmentId = id, PerformedOn = input.PerformedOn ?? Today(), Description = input.Description?.Trim() ?? "",
            PerformedBy = string.IsNullOrWhiteSpace(input.PerformedBy) ? null : input.PerformedBy.Trim(),
            Cost = input.Cost is { } c ? SessionPricing.Money(c) : null,
            CreatedBy = tenant.UserId, CreatedByName = tenant.UserName, CreatedAt = clock.StoredUtcNow(),
        };
        new Validation()
            .Check(entry.Description.Length > 0, "description", "Say what was done.").MaxLength("description", entry.Description, 2000)
            .MaxLength("performedBy", entry.PerformedBy, 200)
            .Between("cost", entry.Cost, 0, 1_000_000, "The cost")
            .Check(entry.PerformedOn <= Today(), "performedOn", "Maintenance is logged once done (not in the future).")
            .Check(input.NextMaintenanceDate is null || input.NextMaintenanceDate > entry.PerformedOn, "nextMaintenanceDate", "The next maintenance is after this one.")
            .ThrowIfInvalid();
        if (input.NextMaintenanceDate is { } next) equipment.NextMaintenanceDate = next;
        if (input.Status is { } status) equipment.Status = status;
        equipment.UpdatedAt = entry.CreatedAt;
        db.EquipmentMaintenance.Add(entry);
        await db.SaveChangesAsync(ct);
        return MaintenanceEntryDto.From(entry, tenant.Can(Permission.ViewMoney));
    }

    private async Task<Equipment> FindAsync(int id, CancellationToken ct) =>
        await db.Equipment.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw new NotFoundException($"There is no equipment {id}.");

    /// <summary>Today in the studio's calendar.</summary>
    private DateOnly Today() => Infrastructure.Time.StudioTime.Today(clock, tenant.Studio.TimeZone);

    private async Task ApplyAsync(Equipment e, EquipmentInput i, CancellationToken ct)
    {
        static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        if (i.PurchasePrice.HasValue && !tenant.Can(Permission.ManageMoney))
            throw new ForbiddenException($"Your role ({tenant.Role.ToString().ToLowerInvariant()}) does not allow this: {Permission.ManageMoney.Describe()} (purchase price).");
        if (i.Name.HasValue) e.Name = Clean(i.Name.Value) ?? "";
        if (i.Brand.HasValue) e.Brand = Clean(i.Brand.Value);
        if (i.Model.HasValue) e.Model = Clean(i.Model.Value);
        if (i.SerialNumber.HasValue) e.SerialNumber = Clean(i.SerialNumber.Value);
        if (i.Category.HasValue) e.Category = Clean(i.Category.Value);
        if (i.RoomId.HasValue) e.RoomId = i.RoomId.Value;
        if (i.Status.HasValue) e.Status = i.Status.Value;
        if (i.Condition.HasValue) e.Condition = i.Condition.Value;
        if (i.PurchaseDate.HasValue) e.PurchaseDate = i.PurchaseDate.Value;
        if (i.PurchasePrice.HasValue) e.PurchasePrice = i.PurchasePrice.Value is { } p ? SessionPricing.Money(p) : null;
        if (i.WarrantyEnd.HasValue) e.WarrantyEnd = i.WarrantyEnd.Value;
        if (i.NextMaintenanceDate.HasValue) e.NextMaintenanceDate = i.NextMaintenanceDate.Value;
        if (i.Notes.HasValue) e.Notes = Clean(i.Notes.Value);
        var v = new Validation()
            .Check(e.Name.Length > 0, "name", "A name is required.").MaxLength("name", e.Name, 200)
            .MaxLength("brand", e.Brand, 100).MaxLength("model", e.Model, 100).MaxLength("serialNumber", e.SerialNumber, 100)
            .MaxLength("category", e.Category, 100).MaxLength("notes", e.Notes, 4000)
            .Between("purchasePrice", e.PurchasePrice, 0, 100_000_000, "The purchase price");
        if (i.RoomId.HasValue && e.RoomId is { } roomId)
            v.Check(await db.Rooms.AnyAsync(r => r.Id == roomId, ct), "roomId", $"There is no room {roomId}.");
        v.ThrowIfInvalid();
    }
}
