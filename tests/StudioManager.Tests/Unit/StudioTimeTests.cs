using StudioManager.Infrastructure.Time;

namespace StudioManager.Tests.Unit;

public sealed class StudioTimeTests
{
    [Theory]
    [InlineData("2026-07-01T22:30:00Z", "Europe/Paris", "2 Jul 2026, 00:30")] // summer time, next day
    [InlineData("2026-01-01T22:30:00Z", "Europe/Paris", "1 Jan 2026, 23:30")] // winter time
    [InlineData("2026-03-29T00:59:00Z", "Europe/Paris", "29 Mar 2026, 01:59")] // just before the clocks go forward
    [InlineData("2026-03-29T01:00:00Z", "Europe/Paris", "29 Mar 2026, 03:00")] // just after
    [InlineData("2026-07-01T02:00:00Z", "America/New_York", "30 Jun 2026, 22:00")]
    [InlineData("2026-07-01T02:00:00Z", "UTC", "1 Jul 2026, 02:00")]
    public void ShouldShowInstantsInTheStudiosTimeZone(string utc, string timeZone, string expected) =>
        Assert.Equal(expected, StudioTime.DateAndTime(DateTime.Parse(utc, null, System.Globalization.DateTimeStyles.AdjustToUniversal), timeZone));

    [Fact]
    public void ShouldShowTheLocalDate() =>
        Assert.Equal("2 Jul 2026", StudioTime.Date(new DateTime(2026, 7, 1, 22, 30, 0, DateTimeKind.Utc), "Europe/Paris"));
}
