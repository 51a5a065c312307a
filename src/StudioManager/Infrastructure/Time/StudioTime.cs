using System.Globalization;

namespace StudioManager.Infrastructure.Time;

/// <summary>The one way instants are shown to people: stored as UTC, converted to the studio's IANA time zone at the
/// edge, written in one style.</summary>
public static class StudioTime
{
    public static DateTime ToLocal(DateTime utc, string timeZone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone)
            ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone)
            : utc;

    /// <summary>The instant a wall-clock time of the studio's zone names. A time skipped when the clocks go forward
    /// (02:30 on the last Sunday of March in Paris) is read as the same time before the change, so it lands as far past
    /// the gap as it was into it (03:30); a time that happens twice when they go back is its first occurrence.</summary>
    public static DateTime ToUtc(DateTime local, string timeZone)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone)) return DateTime.SpecifyKind(local, DateTimeKind.Utc);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var offset = zone.IsInvalidTime(local) ? zone.GetUtcOffset(local.AddDays(-1))
            : zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max()
            : zone.GetUtcOffset(local);
        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }

    /// <summary>The studio's calendar day now.</summary>
    public static DateOnly Today(TimeProvider clock, string timeZone) => DateOnly.FromDateTime(ToLocal(clock.GetUtcNow().UtcDateTime, timeZone));

    /// <summary>"2 Jul 2026".</summary>
    public static string Date(DateTime utc, string timeZone) => ToLocal(utc, timeZone).ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"2 Jul 2026, 00:30".</summary>
    public static string DateAndTime(DateTime utc, string timeZone) =>
        ToLocal(utc, timeZone).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);
}
