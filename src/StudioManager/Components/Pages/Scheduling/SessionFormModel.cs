using System.Globalization;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Time;
using StudioManager.Scheduling;

namespace StudioManager.Components.Pages.Scheduling;

/// <summary>The booking form's fields as typed: a day and two wall-clock times of the studio's time zone.</summary>
public sealed class SessionFormModel
{
    public int? RoomId { get; set; }
    public int? ClientId { get; set; }
    /// <summary>One of the client's projects, or none.</summary>
    public int? ProjectId { get; set; }
    public string? Title { get; set; }
    public SessionType Type { get; set; } = SessionType.Recording;
    public string? Date { get; set; }
    public string? StartTime { get; set; } = "10:00";
    public string? EndTime { get; set; } = "13:00";
    public bool Confirmed { get; set; }
    /// <summary>Checked boxes; the page reads them from the posted form (the form binder leaves absent lists null).</summary>
    public List<int>? EngineerIds { get; set; } = [];
    public List<int>? EquipmentIds { get; set; } = [];
    public string? Price { get; set; }
    public string? DepositAmount { get; set; }
    public bool DepositPaid { get; set; }
    public string? Notes { get; set; }
    /// <summary>"" (once), "daily" or "weekly".</summary>
    public string? Repeat { get; set; }
    public string? Interval { get; set; } = "1";
    public string? Count { get; set; }
    public string? Until { get; set; }

    public static SessionFormModel From(SessionDto s, string timeZone)
    {
        var (start, end) = (StudioTime.ToLocal(s.Start, timeZone), StudioTime.ToLocal(s.End, timeZone));
        return new()
        {
            RoomId = s.RoomId, ClientId = s.ClientId, ProjectId = s.ProjectId, Title = s.Title, Type = s.Type, Date = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = start.ToString("HH:mm", CultureInfo.InvariantCulture), EndTime = end.ToString("HH:mm", CultureInfo.InvariantCulture),
            Confirmed = s.Status == SessionStatus.Confirmed, EngineerIds = [.. s.EngineerIds], EquipmentIds = [.. s.EquipmentIds],
            Price = s.PriceIsManual ? s.Price?.ToString(CultureInfo.InvariantCulture) : null,
            DepositAmount = s.DepositAmount?.ToString(CultureInfo.InvariantCulture), DepositPaid = s.DepositPaid, Notes = s.Notes,
        };
    }

    /// <summary>The use case's input. An end time at or before the start time ends the next day (a night session).
    /// Money fields are sent only when the member may set money; an empty price goes back to the room's rates.</summary>
    public SessionInput ToInput(string timeZone, bool withMoney, bool creating)
    {
        var v = new Validation();
        var day = DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        v.Check(day is not null, "start", "Pick a day.");
        var start = Time(v, "start", StartTime);
        var end = Time(v, "end", EndTime);
        v.Check(RoomId is not null, "roomId", "Pick a room.").Check(ClientId is not null, "clientId", "Pick a client.");
        var price = Money(v, "price", Price);
        var deposit = Money(v, "depositAmount", DepositAmount);
        var interval = Number(v, "recurrence.interval", Interval);
        var count = Number(v, "recurrence.count", Count);
        DateOnly? until = DateOnly.TryParseExact(Until, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var u) ? u : null;
        v.Check(string.IsNullOrEmpty(Until) || until is not null, "recurrence.until", "Pick a date.");
        v.ThrowIfInvalid();

        var localStart = day!.Value.ToDateTime(start!.Value);
        var localEnd = day.Value.ToDateTime(end!.Value);
        if (localEnd <= localStart) localEnd = localEnd.AddDays(1);
        var input = new SessionInput
        {
            RoomId = RoomId!.Value, ClientId = ClientId!.Value, ProjectId = ProjectId, Title = Title, Type = Type,
            Start = StudioTime.ToUtc(localStart, timeZone), End = StudioTime.ToUtc(localEnd, timeZone),
            EngineerIds = EngineerIds, EquipmentIds = EquipmentIds, Notes = Notes,
        };
        if (creating) input.Status = Confirmed ? SessionStatus.Confirmed : SessionStatus.Tentative;
        if (withMoney)
        {
            input.Price = price;
            input.DepositAmount = deposit;
            input.DepositPaid = DepositPaid;
        }
        if (creating && Repeat is "daily" or "weekly")
            input.Recurrence = new RecurrenceInput(Repeat == "daily" ? RecurrenceFrequency.Daily : RecurrenceFrequency.Weekly, interval, count, until);
        return input;
    }

    private static TimeOnly? Time(Validation v, string field, string? value)
    {
        if (TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
        v.Add(field, "A time as HH:mm.");
        return null;
    }

    private static decimal? Money(Validation v, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (decimal.TryParse(value.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var m)) return m;
        v.Add(field, $"'{value}' is not an amount.");
        return null;
    }

    private static int? Number(Validation v, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        v.Add(field, $"'{value}' is not a whole number.");
        return null;
    }
}
