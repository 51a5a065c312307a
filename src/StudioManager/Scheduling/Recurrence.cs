using StudioManager.Infrastructure.Time;

namespace StudioManager.Scheduling;

/// <summary>A repeating booking (RRULE FREQ=DAILY|WEEKLY;INTERVAL=n;COUNT=n|UNTIL=date), expanded on the studio's
/// wall clock: a weekly 10:00–12:00 session is at 10:00–12:00 local time on both sides of a DST change.</summary>
public sealed record Recurrence(RecurrenceFrequency Frequency, int Interval, int? Count, DateOnly? Until)
{
    public const int MaxOccurrences = 200;

    public string Rule => $"FREQ={(Frequency == RecurrenceFrequency.Daily ? "DAILY" : "WEEKLY")};INTERVAL={Interval}"
        + (Count is { } n ? $";COUNT={n}" : $";UNTIL={Until:yyyyMMdd}");

    /// <summary>The occurrences' UTC start and end, the first one being the given session; at most MaxOccurrences
    /// (more is a validation error, reported by the caller). Until is a day of the studio's calendar, inclusive.</summary>
    public List<(DateTime Start, DateTime End)> Expand(DateTime startUtc, DateTime endUtc, string timeZone)
    {
        var localStart = StudioTime.ToLocal(startUtc, timeZone);
        var localEnd = StudioTime.ToLocal(endUtc, timeZone);
        var stepDays = Interval * (Frequency == RecurrenceFrequency.Daily ? 1 : 7);
        var occurrences = new List<(DateTime, DateTime)>();
        for (var k = 0; occurrences.Count <= MaxOccurrences; k++)
        {
            if (Count is { } count && k >= count) break;
            var start = localStart.AddDays(k * stepDays);
            if (Until is { } until && DateOnly.FromDateTime(start) > until) break;
            occurrences.Add((StudioTime.ToUtc(start, timeZone), StudioTime.ToUtc(localEnd.AddDays(k * stepDays), timeZone)));
        }
        return occurrences;
    }
}
