using StudioManager.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;
using StudioManager.Projects;

namespace StudioManager.Scheduling;

/// <summary>The studio's sessions: the calendar's queries and every change to a booking (create, series, update, move,
/// lifecycle). API, pages and the calendar all go through here, so the conflict rules hold for every caller.</summary>
public sealed class SessionService(TenantDbContext db, TimeProvider clock, CurrentTenant tenant, ClientService clients, Members members,
    StudioSettings settings)
{
    /// <summary>The longest session (a lock-out booking). Bounding it lets a time window be read from the start index.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(14);
    /// <summary>The longest turnover buffer a room may have (RoomService checks it).</summary>
    public const int MaxTurnoverMinutes = 24 * 60;
    /// <summary>How far before a window a session holding the room into it may start.</summary>
    private static readonly TimeSpan Reach = MaxDuration + TimeSpan.FromMinutes(MaxTurnoverMinutes);

    [RequiresPermission(Permission.ViewSchedule)]
    public async Task<ListPage<SessionDto>> ListAsync(SessionQuery query, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var v = new Validation();
        var status = ParseStatus(query.Status);
        var from = Instant(v, "from", query.From);
        var to = Instant(v, "to", query.To);
        v.Check(from is null || to is null || from < to, "to", "to is after from.").ThrowIfInvalid();

        var earliest = from - MaxDuration;
        var (room, client, project, engineer) = (query.RoomId, query.ClientId, query.ProjectId, query.EngineerId);
        var list = SessionQueries.For(db);
        return await Paging.Of(query.Page, query.PageSize).ReadAsync(
            async (skip, take) => ToDtos(await list.Page(db, from, earliest, to, room, client, project, engineer, status, skip, take).ToListAsync(ct)),
            () => list.Count(db, from, earliest, to, room, client, project, engineer, status, ct));
    }

    [RequiresPermission(Permission.ViewSchedule)]
    public async Task<SessionDto> GetAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return (await ReadAsync(db.Sessions.Where(s => s.Id == id), ct)).FirstOrDefault() ?? throw new NotFoundException($"There is no session {id}.");
    }

    /// <summary>The client's completed sessions (all, or those among the ids given), oldest first: what invoices bill.
    /// For a caller that has checked its own permission (sales).</summary>
    internal async Task<List<SessionDto>> CompletedOfClientAsync(int clientId, IReadOnlyCollection<int>? ids, CancellationToken ct)
    {
        var q = db.Sessions.AsNoTracking().Where(s => s.ClientId == clientId && s.Status == SessionStatus.Completed);
        if (ids is not null) q = q.Where(s => ids.Contains(s.Id));
        return await ToDtosAsync(await q.OrderBy(s => s.StartsAt).ThenBy(s => s.Id).AsSplitQuery().ToListAsync(ct), ct);
    }

    /// <summary>Books one session, tentative unless said confirmed. 409 listing the clashes (room with its turnover
    /// buffer, engineers, equipment reserved or unavailable).</summary>
    [RequiresPermission(Permission.BookSessions)]
    public async Task<SessionDto> CreateAsync(SessionInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        if (input.Recurrence is not null) throw new ValidationFailedException("recurrence", "A recurring booking is made with CreateSeriesAsync.");
        var booking = await PrepareNewAsync(input, ct);
        var session = await SaveBookingsAsync([booking], series: null, ct);
        return (await ToDtosAsync(session, ct))[0];
    }

    /// <summary>Books a session and its repetitions (the studio's wall clock keeps their time across DST changes).
    /// Every occurrence is checked before any is saved: one clash refuses them all, with the clashes of each.</summary>
    [RequiresPermission(Permission.BookSessions)]
    public async Task<SessionSeriesDto> CreateSeriesAsync(SessionInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var r = input.Recurrence ?? throw new ValidationFailedException("recurrence", "A recurrence is required.");
        var v = new Validation();
        v.Check(r.Interval is null or >= 1 and <= 52, "recurrence.interval", "The interval is between 1 and 52.")
         .Check(r.Count is null != r.Until is null, "recurrence", "Give either count or until.")
         .Check(r.Count is null or >= 1 and <= Recurrence.MaxOccurrences, "recurrence.count", $"count is between 1 and {Recurrence.MaxOccurrences}.")
         .ThrowIfInvalid();
        var first = await PrepareNewAsync(input, ct);
        var recurrence = new Recurrence(r.Frequency, r.Interval ?? 1, r.Count, r.Until);
        var occurrences = recurrence.Expand(first.Session.StartsAt, first.Session.EndsAt, tenant.Studio.TimeZone);
        v.Check(occurrences.Count <= Recurrence.MaxOccurrences, "recurrence.until", $"A series has at most {Recurrence.MaxOccurrences} sessions.")
         .Check(occurrences.Count > 0, "recurrence.until", "until is on or after the first session's day.")
         .ThrowIfInvalid();
        var bookings = occurrences.Select(o => first.At(o.Start, o.End)).ToList();
        // The series may not run into itself (a daily session longer than a day).
        for (var i = 1; i < bookings.Count; i++)
            v.Check(bookings[i].Session.StartsAt >= bookings[i - 1].Session.BlockedUntil, "recurrence.interval",
                "The sessions of this series would overlap one another (with the room's turnover buffer).");
        v.ThrowIfInvalid();

        var series = new SessionSeries
        {
            Frequency = recurrence.Frequency, Interval = recurrence.Interval, Count = recurrence.Count, Until = recurrence.Until,
            Rule = recurrence.Rule, TimeZone = tenant.Studio.TimeZone, CreatedAt = Now(),
        };
        var sessions = await SaveBookingsAsync(bookings, series, ct);
        return new SessionSeriesDto(series.Id, series.Rule, await ToDtosAsync(sessions, ct));
    }

    /// <summary>Changes the fields sent. A new time, room, engineers or equipment is checked as a new booking would be
    /// (the session itself aside); the price follows the room's rates unless it was set by hand.</summary>
    [RequiresPermission(Permission.BookSessions)]
    public async Task<SessionDto> UpdateAsync(int id, SessionInput patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        if (patch.Recurrence is not null) throw new ValidationFailedException("recurrence", "A session's recurrence is set when it is booked.");
        if (patch.Status.HasValue) throw new ValidationFailedException("status", "A session's status changes through its transitions (confirm, start, complete, cancel, no-show).");
        EnsureMoneyAllowed(patch);
        var session = await FindAsync(id, ct);
        if (!SessionLifecycle.IsEditable(session.Status))
            throw new ConflictException($"This session is {SessionLifecycle.Name(session.Status)}: it can no longer be changed.");
        var booking = await ApplyAsync(session, patch, ct);
        if (booking.Moved) session.Sequence++;
        session.UpdatedAt = Now();
        await SaveBookingsAsync([booking], series: null, ct);
        return (await ToDtosAsync([session], ct))[0];
    }

    /// <summary>Drags a session to a new time (and room): the calendar's move and resize.</summary>
    [RequiresPermission(Permission.BookSessions)]
    public Task<SessionDto> MoveAsync(int id, DateTime start, DateTime end, int? roomId = null, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var patch = new SessionInput { Start = start, End = end };
        if (roomId is { } room) patch.RoomId = room;
        return UpdateAsync(id, patch, ct);
    }

    /// <summary>Moves a session along its lifecycle (SessionLifecycle): confirm, start, complete, cancel, no-show.
    /// 409 for a transition the lifecycle does not allow.</summary>
    [RequiresPermission(Permission.BookSessions)]
    public async Task<SessionDto> TransitionAsync(int id, SessionStatus to, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var session = await FindAsync(id, ct);
        if (session.Status == to) return (await ToDtosAsync([session], ct))[0];
        if (!SessionLifecycle.CanMove(session.Status, to))
            throw new ConflictException($"A {SessionLifecycle.Name(session.Status)} session cannot become {SessionLifecycle.Name(to)}.");
        session.Status = to;
        session.Sequence++;
        session.UpdatedAt = Now();
        await db.SaveChangesAsync(ct);
        return (await ToDtosAsync([session], ct))[0];
    }

    /// <summary>A session about to be saved, with what its checks need.</summary>
    private sealed record Booking(Session Session, Room Room, bool Moved)
    {
        /// <summary>The same booking at another time (an occurrence of a series).</summary>
        public Booking At(DateTime start, DateTime end)
        {
            var s = Session;
            var copy = new Session
            {
                RoomId = s.RoomId, ClientId = s.ClientId, ProjectId = s.ProjectId, Title = s.Title, Type = s.Type, Status = s.Status,
                StartsAt = start, EndsAt = end, BlockedUntil = end.AddMinutes(Room.TurnoverBufferMinutes),
                Price = s.Price, PriceIsManual = s.PriceIsManual, DepositAmount = s.DepositAmount, DepositIsManual = s.DepositIsManual,
                DepositPaid = s.DepositPaid, Notes = s.Notes, CreatedBy = s.CreatedBy, CreatedAt = s.CreatedAt, UpdatedAt = s.UpdatedAt,
                Engineers = s.Engineers.Select(e => new SessionEngineer { UserId = e.UserId }).ToList(),
                Equipment = s.Equipment.Select(e => new SessionEquipment { EquipmentId = e.EquipmentId }).ToList(),
            };
            return this with { Session = copy };
        }
    }

    private async Task<Booking> PrepareNewAsync(SessionInput input, CancellationToken ct)
    {
        EnsureMoneyAllowed(input);
        var status = input.Status.Or(SessionStatus.Tentative);
        if (!SessionLifecycle.IsInitial(status))
            throw new ValidationFailedException("status", "A session is booked tentative or confirmed.");
        var v = new Validation();
        v.Check(input.RoomId.HasValue, "roomId", "A room is required.")
         .Check(input.ClientId.HasValue, "clientId", "A client is required.")
         .Check(input.Start.HasValue, "start", "A start is required.")
         .Check(input.End.HasValue, "end", "An end is required.")
         .ThrowIfInvalid();
        var now = Now();
        var session = new Session { Status = status, CreatedBy = tenant.UserId, CreatedAt = now, UpdatedAt = now };
        return await ApplyAsync(session, input, ct);
    }

    /// <summary>Copies the fields present onto the session, checks them, computes the price and deposit.</summary>
    private async Task<Booking> ApplyAsync(Session s, SessionInput i, CancellationToken ct)
    {
        var v = new Validation();
        var (oldStart, oldEnd, oldRoom) = (s.StartsAt, s.EndsAt, s.RoomId);
        if (i.RoomId.HasValue) s.RoomId = i.RoomId.Value;
        if (i.ClientId.HasValue) s.ClientId = i.ClientId.Value;
        if (i.ProjectId.HasValue) s.ProjectId = i.ProjectId.Value;
        if (i.Title.HasValue) s.Title = i.Title.Value?.Trim() ?? "";
        if (i.Type.HasValue) s.Type = i.Type.Value;
        if (i.Start.HasValue) s.StartsAt = Instant(v, "start", i.Start.Value) ?? s.StartsAt;
        if (i.End.HasValue) s.EndsAt = Instant(v, "end", i.End.Value) ?? s.EndsAt;
        if (i.Notes.HasValue) s.Notes = string.IsNullOrWhiteSpace(i.Notes.Value) ? null : i.Notes.Value.Trim();
        if (i.DepositPaid.HasValue) s.DepositPaid = i.DepositPaid.Value;
        // Kept rows stay tracked as they are: only those dropped are deleted and those new inserted.
        if (i.EngineerIds.HasValue)
        {
            var wanted = (i.EngineerIds.Value ?? []).Distinct().ToList();
            s.Engineers.RemoveAll(e => !wanted.Contains(e.UserId));
            s.Engineers.AddRange(wanted.Where(u => s.Engineers.All(e => e.UserId != u)).Select(u => new SessionEngineer { UserId = u }));
        }
        if (i.EquipmentIds.HasValue)
        {
            var wanted = (i.EquipmentIds.Value ?? []).Distinct().ToList();
            s.Equipment.RemoveAll(e => !wanted.Contains(e.EquipmentId));
            s.Equipment.AddRange(wanted.Where(id => s.Equipment.All(e => e.EquipmentId != id)).Select(id => new SessionEquipment { EquipmentId = id }));
        }

        v.Check(s.Title.Length > 0, "title", "A title is required.").MaxLength("title", s.Title, 200).MaxLength("notes", s.Notes, 4000)
         .Check(s.EndsAt > s.StartsAt, "end", "The end is after the start.")
         .Check(s.EndsAt - s.StartsAt <= MaxDuration, "end", $"A session lasts at most {MaxDuration.TotalDays} days.")
         .Check(s.StartsAt.Second == 0 && s.StartsAt.Ticks % TimeSpan.TicksPerSecond == 0, "start", "A session starts on a whole minute.")
         .Check(s.EndsAt.Second == 0 && s.EndsAt.Ticks % TimeSpan.TicksPerSecond == 0, "end", "A session ends on a whole minute.")
         .Check(s.Engineers.Count <= 10, "engineerIds", "At most 10 engineers.")
         .Check(s.Equipment.Count <= 50, "equipmentIds", "At most 50 pieces of equipment.");

        var room = await db.Rooms.AsNoTracking().FirstOrDefaultAsync(r => r.Id == s.RoomId, ct);
        v.Check(room is not null, "roomId", $"There is no room {s.RoomId}.");
        v.Check(room is null || room.IsActive || (!i.RoomId.HasValue && s.Id != 0), "roomId", $"The room {room?.Name} is not in use (inactive).");
        Client? client = null;
        if (i.ClientId.HasValue)
        {
            try { client = await clients.FindAsync(s.ClientId, ct); }
            catch (NotFoundException) { v.Add("clientId", $"There is no client {s.ClientId}."); }
        }
        if (i.EngineerIds.HasValue)
        {
            var ids = s.Engineers.Select(e => e.UserId).ToList();
            var found = await members.FindManyAsync(ids, ct);
            foreach (var id in ids)
                v.Check(found.TryGetValue(id, out var m) && m.Role.Can(Permission.BookSessions), "engineerIds",
                    found.ContainsKey(id) ? $"{found[id].Name} ({found[id].Role.ToString().ToLowerInvariant()}) does not run sessions." : $"User {id} is not a member of this studio.");
        }
        // A session works on one of its client's projects: checked when either changes.
        if ((i.ProjectId.HasValue || i.ClientId.HasValue) && s.ProjectId is { } projectId)
        {
            var owner = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => (int?)p.ClientId).FirstOrDefaultAsync(ct);
            v.Check(owner is not null, "projectId", $"There is no project {projectId}.")
             .Check(owner is null || owner == s.ClientId, "projectId", $"The project {projectId} is not one of this client's projects.");
        }
        if (i.EquipmentIds.HasValue)
        {
            var ids = s.Equipment.Select(e => e.EquipmentId).ToList();
            var found = await db.Equipment.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct);
            foreach (var id in ids.Except(found)) v.Add("equipmentIds", $"There is no equipment {id}.");
        }
        v.ThrowIfInvalid();

        s.BlockedUntil = s.EndsAt.AddMinutes(room!.TurnoverBufferMinutes);
        var moved = s.Id != 0 && (s.StartsAt != oldStart || s.EndsAt != oldEnd || s.RoomId != oldRoom);
        await PriceAsync(s, room, client, i, ct);
        return new Booking(s, room, moved);
    }

    /// <summary>Price from the room's rates unless set by hand (a null price on PATCH goes back to the rates); deposit
    /// from the client's default percent, else the studio's, unless set by hand.</summary>
    private async Task PriceAsync(Session s, Room room, Client? client, SessionInput i, CancellationToken ct)
    {
        var v = new Validation();
        if (i.Price.HasValue)
        {
            s.PriceIsManual = i.Price.Value is not null;
            if (s.PriceIsManual) s.Price = SessionPricing.Money(i.Price.Value!.Value);
            v.Between("price", i.Price.Value, 0, 1_000_000_000, "The price");
        }
        if (i.DepositAmount.HasValue)
        {
            s.DepositIsManual = i.DepositAmount.Value is not null;
            if (s.DepositIsManual) s.DepositAmount = SessionPricing.Money(i.DepositAmount.Value!.Value);
            v.Between("depositAmount", i.DepositAmount.Value, 0, 1_000_000_000, "The deposit");
        }
        v.ThrowIfInvalid();
        if (!s.PriceIsManual)
            s.Price = SessionPricing.PriceOf(s.EndsAt - s.StartsAt, room.HourlyRate, room.HalfDayRate, room.FullDayRate);
        if (!s.DepositIsManual)
        {
            client ??= await clients.FindAsync(s.ClientId, ct);
            var percent = client.DefaultDepositPercent ?? (await settings.GetAsync(ct)).DefaultDepositPercent;
            s.DepositAmount = SessionPricing.DepositOf(s.Price, percent);
        }
        if (s.DepositAmount > s.Price)
            throw new ValidationFailedException("depositAmount", "The deposit is at most the price.");
    }

    /// <summary>Checks and saves bookings in one write transaction: on PostgreSQL the sessions table is locked against
    /// other writers first (readers go on), on SQLite the transaction holds the database's write lock; so no other
    /// booking lands between the check and the insert. PostgreSQL's exclusion constraint on rooms stands behind it for
    /// any other path.</summary>
    private async Task<List<Session>> SaveBookingsAsync(IReadOnlyList<Booking> bookings, SessionSeries? series, CancellationToken ct)
    {
        await db.InTransactionAsync(async () =>
        {
            await db.LockTableAsync<Session>(ct);
            var conflicts = await ConflictsAsync(bookings, ct);
            if (conflicts.Count > 0)
                throw new ConflictException(ConflictMessage(conflicts, bookings.Count), conflicts);
            if (series is not null)
            {
                db.SessionSeries.Add(series);
                await db.SaveChangesAsync(ct);
                foreach (var b in bookings) b.Session.SeriesId = series.Id;
            }
            db.Sessions.AddRange(bookings.Select(b => b.Session).Where(s => s.Id == 0));
            await db.SaveChangesAsync(ct);
            return 0;
        }, ct);
        return bookings.Select(b => b.Session).ToList();
    }

    /// <summary>Every clash of these bookings with the sessions already held (cancelled ones hold nothing): the room
    /// over [start, end + turnover buffer), an engineer or a piece of equipment over [start, end), and equipment that
    /// cannot be reserved (maintenance, out of service).</summary>
    private async Task<List<SessionConflict>> ConflictsAsync(IReadOnlyList<Booking> bookings, CancellationToken ct)
    {
        var conflicts = new List<SessionConflict>();
        var equipmentIds = bookings.SelectMany(b => b.Session.Equipment.Select(e => e.EquipmentId)).Distinct().ToList();
        var engineerIds = bookings.SelectMany(b => b.Session.Engineers.Select(e => e.UserId)).Distinct().ToList();
        var unavailable = await db.Equipment.AsNoTracking().Where(e => equipmentIds.Contains(e.Id)
            && (e.Status == EquipmentStatus.Maintenance || e.Status == EquipmentStatus.OutOfService)).Select(e => e.Id).ToListAsync(ct);
        var roomIds = bookings.Select(b => b.Session.RoomId).Distinct().ToList();
        var self = bookings.Select(b => b.Session.Id).Where(id => id != 0).ToList();
        var from = bookings.Min(b => b.Session.StartsAt);
        var earliest = from - Reach;
        var to = bookings.Max(b => b.Session.BlockedUntil);
        var held = await db.Sessions.AsNoTracking()
            .Where(s => s.Status != SessionStatus.Cancelled && !self.Contains(s.Id)
                        && s.StartsAt > earliest && s.StartsAt < to && s.BlockedUntil > from
                        && (roomIds.Contains(s.RoomId) || s.Engineers.Any(e => engineerIds.Contains(e.UserId))
                            || s.Equipment.Any(e => equipmentIds.Contains(e.EquipmentId))))
            .AsSplitQuery().ToListAsync(ct);

        foreach (var b in bookings)
        {
            var (s, start, end) = (b.Session, b.Session.StartsAt, b.Session.EndsAt);
            SessionConflict Clash(string reason, Session? other, int? engineer = null, int? equipment = null) =>
                new(reason, start, end, other?.Id, other?.Title, other?.StartsAt, other?.EndsAt, other?.RoomId ?? s.RoomId, engineer, equipment);
            foreach (var id in s.Equipment.Select(e => e.EquipmentId).Where(unavailable.Contains))
                conflicts.Add(Clash("unavailable_equipment", null, equipment: id));
            foreach (var other in held)
            {
                if (other.RoomId == s.RoomId && other.StartsAt < s.BlockedUntil && start < other.BlockedUntil)
                    conflicts.Add(Clash("room", other));
                if (other.StartsAt >= end || start >= other.EndsAt) continue;
                foreach (var e in other.Engineers.Where(e => s.Engineers.Any(x => x.UserId == e.UserId)))
                    conflicts.Add(Clash("engineer", other, engineer: e.UserId));
                foreach (var e in other.Equipment.Where(e => s.Equipment.Any(x => x.EquipmentId == e.EquipmentId)))
                    conflicts.Add(Clash("equipment", other, equipment: e.EquipmentId));
            }
        }
        return conflicts;
    }

    private static string ConflictMessage(List<SessionConflict> conflicts, int occurrences)
    {
        var first = conflicts[0];
        var what = first.Reason switch
        {
            "room" => $"the room is taken by \"{first.SessionTitle}\" (session {first.SessionId})",
            "engineer" => $"an engineer is in \"{first.SessionTitle}\" (session {first.SessionId})",
            "equipment" => $"equipment {first.EquipmentId} is reserved for \"{first.SessionTitle}\" (session {first.SessionId})",
            _ => $"equipment {first.EquipmentId} is under maintenance or out of service",
        };
        var clashing = conflicts.Select(c => c.Start).Distinct().Count();
        return occurrences == 1
            ? $"This booking clashes: {what}{(conflicts.Count > 1 ? $", and {conflicts.Count - 1} more" : "")}."
            : $"{clashing} of the {occurrences} sessions clash (first: {what}); nothing was booked.";
    }

    /// <summary>Price, deposit and the deposit's payment are money: setting them needs ManageMoney.</summary>
    private void EnsureMoneyAllowed(SessionInput i)
    {
        if ((i.Price.HasValue || i.DepositAmount.HasValue || i.DepositPaid.HasValue) && !tenant.Can(Permission.ManageMoney))
            throw new ForbiddenException($"Your role ({tenant.Role.ToString().ToLowerInvariant()}) does not allow this: {Permission.ManageMoney.Describe()} (price, deposit).");
    }

    /// <summary>These sessions as saved, read back in one query.</summary>
    private Task<List<SessionDto>> ToDtosAsync(IReadOnlyList<Session> sessions, CancellationToken ct)
    {
        var ids = sessions.Select(s => s.Id).ToList();
        return ReadAsync(db.Sessions.Where(s => ids.Contains(s.Id)), ct);
    }

    /// <summary>Sessions as DTOs, ordered by start, in one query (SessionQueries.RowsOf).</summary>
    private async Task<List<SessionDto>> ReadAsync(IQueryable<Session> sessions, CancellationToken ct) =>
        ToDtos(await SessionQueries.RowsOf(db, sessions).ToListAsync(ct));

    /// <summary>Each session's rows as one DTO, its engineers and equipment gathered. Money is hidden from roles without
    /// ViewMoney.</summary>
    private List<SessionDto> ToDtos(List<SessionRow> rows)
    {
        var money = tenant.Can(Permission.ViewMoney);
        var dtos = new List<SessionDto>();
        // Ordered by session: the rows of one session (one per engineer × equipment pair) are consecutive.
        for (var i = 0; i < rows.Count;)
        {
            var (s, room, client) = (rows[i].Session, rows[i].Room, rows[i].Client);
            List<int> engineers = [], equipment = [];
            for (; i < rows.Count && rows[i].Session.Id == s.Id; i++)
            {
                if (rows[i].EngineerId is { } e && !engineers.Contains(e)) engineers.Add(e);
                if (rows[i].EquipmentId is { } x && !equipment.Contains(x)) equipment.Add(x);
            }
            engineers.Sort();
            equipment.Sort();
            dtos.Add(new SessionDto(s.Id, s.RoomId, room, s.ClientId, client, s.ProjectId, s.SeriesId, s.Title, s.Type, s.Status,
                s.StartsAt, s.EndsAt, engineers, equipment, money ? s.Price : null, s.PriceIsManual, money ? s.DepositAmount : null,
                s.DepositPaid, s.Notes, s.Sequence, s.CreatedAt, s.UpdatedAt));
        }
        return dtos;
    }

    private async Task<Session> FindAsync(int id, CancellationToken ct) =>
        await db.Sessions.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException($"There is no session {id}.");

    private DateTime Now() => clock.StoredUtcNow();

    private static SessionStatus? ParseStatus(string? status) =>
        status?.Replace("_", "") is { } name ? Validation.ParseEnum<SessionStatus>("status", name) : null;

    /// <summary>An instant as UTC: with Z or an offset; a time without either is refused (whose clock would it be?).</summary>
    private static DateTime? Instant(Validation v, string field, DateTime? value) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Utc } utc => utc,
        { Kind: DateTimeKind.Local } local => local.ToUniversalTime(),
        _ => Invalid(v, field),
    };

    private static DateTime? Invalid(Validation v, string field)
    {
        v.Add(field, "An instant in ISO 8601 with Z or an offset (2026-03-01T14:00:00Z).");
        return null;
    }
}
