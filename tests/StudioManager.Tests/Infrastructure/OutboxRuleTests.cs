using System.Reflection;
using StudioManager.Infrastructure.Email;

namespace StudioManager.Tests.Infrastructure;

/// <summary>The outbox's rules that need no database: the retry schedule (exponential from RetryDelay, capped at
/// MaxRetryDelay) and who may talk to SMTP.</summary>
public sealed class OutboxRuleTests
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

    [Fact]
    public void ShouldLeaveSmtpToTheOutboxWorkerAlone()
    {
        // A use case that took the transport could send inside its transaction, or send mail that its rollback undoes.
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
        var users = typeof(Program).Assembly.GetTypes()
            .Where(t => t.GetConstructors(all).Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(IEmailSender)))
                        || t.GetProperties(all).Any(p => p.PropertyType == typeof(IEmailSender))) // pages' @inject
            .ToList();

        Assert.Equal([typeof(OutboxDispatcher)], users);
    }
}
