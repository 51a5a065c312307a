using StudioManager.Infrastructure.Email;

namespace StudioManager.Tests.Infrastructure;

/// <summary>The retry schedule: exponential from RetryDelay, capped at MaxRetryDelay.</summary>
public sealed class OutboxOptionsTests
{
    [Fact]
    public void ShouldDoubleTheDelayAfterEachFailureUpToTheCap()
    {
        var o = new OutboxOptions { RetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromHours(1) };

        var delays = Enumerable.Range(1, 9).Select(o.DelayAfter).ToList();

        Assert.Equal(new[] { 30, 60, 120, 240, 480, 960, 1920, 3600, 3600 }.Select(s => TimeSpan.FromSeconds(s)), delays);
        Assert.Equal(TimeSpan.FromHours(1), o.DelayAfter(10_000)); // no overflow far beyond the cap
    }

    [Fact]
    public void ShouldGiveUpAfterAboutThreeAndAHalfHoursWithTheDefaults()
    {
        var o = new OutboxOptions();

        var total = Enumerable.Range(1, o.MaxAttempts - 1).Aggregate(TimeSpan.Zero, (sum, n) => sum + o.DelayAfter(n));

        Assert.InRange(total, TimeSpan.FromHours(3), TimeSpan.FromHours(4));
    }
}
