using StudioManager.Scheduling;

namespace StudioManager.Tests.Unit;

public sealed class SessionRulesTests
{
    [Theory]
    [InlineData(SessionStatus.Tentative, SessionStatus.Confirmed)]
    [InlineData(SessionStatus.Tentative, SessionStatus.Cancelled)]
    [InlineData(SessionStatus.Confirmed, SessionStatus.InProgress)]
    [InlineData(SessionStatus.Confirmed, SessionStatus.Completed)]
    [InlineData(SessionStatus.Confirmed, SessionStatus.Cancelled)]
    [InlineData(SessionStatus.Confirmed, SessionStatus.NoShow)]
    [InlineData(SessionStatus.InProgress, SessionStatus.Completed)]
    public void ShouldAllowTheLifecyclesTransitions(SessionStatus from, SessionStatus to) =>
        Assert.True(SessionLifecycle.CanMove(from, to));

    [Theory]
    [InlineData(SessionStatus.Tentative, SessionStatus.InProgress)]
    [InlineData(SessionStatus.Tentative, SessionStatus.Completed)]
    [InlineData(SessionStatus.Tentative, SessionStatus.NoShow)]
    [InlineData(SessionStatus.InProgress, SessionStatus.Cancelled)]
    [InlineData(SessionStatus.InProgress, SessionStatus.Confirmed)]
    [InlineData(SessionStatus.Completed, SessionStatus.Cancelled)]
    [InlineData(SessionStatus.Cancelled, SessionStatus.Confirmed)]
    [InlineData(SessionStatus.NoShow, SessionStatus.Completed)]
    public void ShouldRefuseOtherTransitions(SessionStatus from, SessionStatus to) =>
        Assert.False(SessionLifecycle.CanMove(from, to));

    [Fact]
    public void ShouldEndTheLifecycleAtCompletedCancelledAndNoShow()
    {
        foreach (var final in new[] { SessionStatus.Completed, SessionStatus.Cancelled, SessionStatus.NoShow })
            Assert.All(Enum.GetValues<SessionStatus>(), to => Assert.False(SessionLifecycle.CanMove(final, to)));
    }

    [Theory]
    [InlineData(180, 150.00)]    // 3 h by the hour (150) beats a half day (180)
    [InlineData(240, 180.00)]    // 4 h: the half day (180) beats 200 by the hour
    [InlineData(300, 230.00)]    // 5 h: half day + 1 h (230) beats a full day (300)
    [InlineData(420, 300.00)]    // 7 h: the full day beats half day + 3 h (330)
    [InlineData(600, 400.00)]    // 10 h: full day + 2 h (400) beats full + half (480)
    [InlineData(90, 75.00)]      // 1.5 h prorated
    [InlineData(1, 0.83)]        // a minute, rounded to the cent
    public void ShouldPriceTheCheapestMixOfRatesThatCoversTheDuration(int minutes, decimal expected) =>
        Assert.Equal(expected, SessionPricing.PriceOf(TimeSpan.FromMinutes(minutes), 50m, 180m, 300m));

    [Fact]
    public void ShouldUseOnlyTheRatesTheRoomHas()
    {
        Assert.Equal(180m, SessionPricing.PriceOf(TimeSpan.FromHours(3), null, 180m, null));   // a half day covers 3 h
        Assert.Equal(360m, SessionPricing.PriceOf(TimeSpan.FromHours(5), null, 180m, null));   // two half days cover 5 h
        Assert.Equal(300m, SessionPricing.PriceOf(TimeSpan.FromHours(2), null, null, 300m));
        Assert.Equal(125m, SessionPricing.PriceOf(TimeSpan.FromHours(2.5), 50m, null, null));
        Assert.Null(SessionPricing.PriceOf(TimeSpan.FromHours(2), null, null, null));
    }

    [Fact]
    public void ShouldTakeTheDepositAsAPercentRoundedHalfAwayFromZero()
    {
        Assert.Equal(45.00m, SessionPricing.DepositOf(150m, 30m));
        Assert.Equal(0.01m, SessionPricing.DepositOf(0.05m, 10m)); // 0.005 → 0.01
        Assert.Null(SessionPricing.DepositOf(150m, null));
        Assert.Null(SessionPricing.DepositOf(null, 30m));
    }

    [Fact]
    public void ShouldKeepAWeeklySessionAtTenLocalAcrossBothParisDstChanges()
    {
        // Monday 16 March 2026 10:00–12:00 in Paris (UTC+1); clocks go forward on 29 March, back on 25 October.
        var start = new DateTime(2026, 3, 16, 9, 0, 0, DateTimeKind.Utc);
        var weekly = new Recurrence(RecurrenceFrequency.Weekly, 1, null, new DateOnly(2026, 11, 2));

        var occurrences = weekly.Expand(start, start.AddHours(2), "Europe/Paris");

        Assert.Equal(34, occurrences.Count); // 16 Mar … 2 Nov
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        Assert.All(occurrences, o =>
        {
            Assert.Equal(new TimeSpan(10, 0, 0), TimeZoneInfo.ConvertTimeFromUtc(o.Start, paris).TimeOfDay);
            Assert.Equal(new TimeSpan(12, 0, 0), TimeZoneInfo.ConvertTimeFromUtc(o.End, paris).TimeOfDay);
            Assert.Equal(DayOfWeek.Monday, TimeZoneInfo.ConvertTimeFromUtc(o.Start, paris).DayOfWeek);
        });
        Assert.Equal(new DateTime(2026, 3, 23, 9, 0, 0, DateTimeKind.Utc), occurrences[1].Start);   // before: UTC+1
        Assert.Equal(new DateTime(2026, 3, 30, 8, 0, 0, DateTimeKind.Utc), occurrences[2].Start);   // after: UTC+2
        Assert.Equal(new DateTime(2026, 10, 19, 8, 0, 0, DateTimeKind.Utc), occurrences[31].Start); // still UTC+2
        Assert.Equal(new DateTime(2026, 10, 26, 9, 0, 0, DateTimeKind.Utc), occurrences[32].Start); // back to UTC+1
    }

    [Fact]
    public void ShouldRepeatEveryNWeeksOrDaysForCountOccurrences()
    {
        var start = new DateTime(2026, 1, 5, 14, 0, 0, DateTimeKind.Utc);
        var fortnightly = new Recurrence(RecurrenceFrequency.Weekly, 2, 3, null).Expand(start, start.AddHours(1), "UTC");
        var daily = new Recurrence(RecurrenceFrequency.Daily, 1, 4, null).Expand(start, start.AddHours(1), "UTC");

        Assert.Equal([start, start.AddDays(14), start.AddDays(28)], fortnightly.Select(o => o.Start));
        Assert.Equal(4, daily.Count);
        Assert.Equal(start.AddDays(3), daily[^1].Start);
        Assert.Equal("FREQ=WEEKLY;INTERVAL=2;COUNT=3", new Recurrence(RecurrenceFrequency.Weekly, 2, 3, null).Rule);
    }

    [Fact]
    public void ShouldMoveATimeSkippedByTheClocksPastTheGap()
    {
        // 02:30 does not exist in Paris on 29 March 2026: read as 02:30 winter time, i.e. 03:30 summer time.
        var utc = StudioManager.Infrastructure.Time.StudioTime.ToUtc(new DateTime(2026, 3, 29, 2, 30, 0), "Europe/Paris");
        Assert.Equal(new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc), utc);
        // 02:30 happens twice on 25 October: the first one (summer time).
        var twice = StudioManager.Infrastructure.Time.StudioTime.ToUtc(new DateTime(2026, 10, 25, 2, 30, 0), "Europe/Paris");
        Assert.Equal(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc), twice);
    }
}
