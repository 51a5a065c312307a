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

    /// <summary>"2 Jul 2026".</summary>
    public static string Date(DateTime utc, string timeZone) => ToLocal(utc, timeZone).ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"2 Jul 2026, 00:30".</summary>
    public static string DateAndTime(DateTime utc, string timeZone) =>
        ToLocal(utc, timeZone).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);
}
