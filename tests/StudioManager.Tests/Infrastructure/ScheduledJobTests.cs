using StudioManager.Infrastructure.Data;
using StudioManager.Tests.Clients;
using StudioManager.Tests.Sales;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Scheduling.Booking;

namespace StudioManager.Tests.Infrastructure;

/// <summary>The scheduled jobs as deployed: scheduled by Quartz itself (here every 200 ms of the app's clock), not run by
/// the tests, both in one scheduler. An app of its own, since the shared ones keep the jobs off so that they never run
/// in the middle of another test.</summary>
public abstract class ScheduledJobTests(StudioAppFactory app)
{
    [Fact]
    public async Task ShouldSendADueReminderOnceWhenQuartzRunsTheJobOnItsTrigger()
    {
        var s = await app.RegisterStudioAsync("Quartz Studio");
        var room = await RoomAsync(s);
        var first = StudioApi.NewEmail("client");
        var second = StudioApi.NewEmail("client");
        var band = (await ClientApiTests.CreateClientAsync(s, new { name = "Punctual Band", email = first })).GetProperty("id").GetInt32();
        var duo = (await ClientApiTests.CreateClientAsync(s, new { name = "Late Duo", email = second })).GetProperty("id").GetInt32();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var start = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc).AddHours(3);

        await BookOkAsync(s, Session(room, band, start, start.AddHours(2), "Quartz vocals"));
        // Nothing here runs the job: the mail arrives only if Quartz fires the trigger (a generous wait on a busy machine).
        var delivered = await WhileTheClockRunsAsync(() => app.Smtp.WaitForAsync(first, timeoutSeconds: 120));
        Assert.StartsWith("Reminder: Quartz vocals at Quartz Studio", delivered.Subject);
        // A session booked after that mail is reminded by a later run; by then the first one was due again on every
        // run in between, and its claim kept it to one mail.
        await BookOkAsync(s, Session(room, duo, start.AddHours(3), start.AddHours(4), "Quartz mix"));
        await WhileTheClockRunsAsync(() => app.Smtp.WaitForAsync(second, timeoutSeconds: 120));
        var outbox = await (await s.Http.GetAsync(s.Api("/outbox?pageSize=200"))).ReadJsonAsync();
        Assert.Single(outbox.GetProperty("items").EnumerateArray(), m => m.GetProperty("recipient").GetString() == first);
        Assert.Single(app.Smtp.To(first));
    }

    [Fact]
    public async Task ShouldTellAnOverdueInvoiceOnceWhenQuartzRunsTheJobOnItsTrigger()
    {
        var s = await app.RegisterStudioAsync("Quartz Sales");
        var email = StudioApi.NewEmail("client");
        var client = (await ClientApiTests.CreateClientAsync(s, new { name = "Late Payer", email })).GetProperty("id").GetInt32();
        var dueDate = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(-2).ToString("yyyy-MM-dd");
        var draft = await PostAsync(s, "/invoices", new { clientId = client, dueDate, items = new[] { Invoicing.Line("Mastering", 1, 80m) } });
        var number = (await PostAsync(s, $"/invoices/{Invoicing.Id(draft)}/issue", new { })).GetProperty("number").GetString()!;

        var delivered = await WhileTheClockRunsAsync(() => app.Smtp.WaitForAsync(email, timeoutSeconds: 120));

        Assert.Equal($"Overdue: invoice {number} from Quartz Sales", delivered.Subject);
        await WhileTheClockRunsAsync(async () => { await Task.Delay(TimeSpan.FromSeconds(2)); return 0; }); // more runs
        Assert.Single(app.Smtp.To(email));
    }

    /// <summary>Quartz keeps time with the app's TimeProvider, which the tests pin: let it run (a second every 50 ms)
    /// while waiting. One jump would not do: a trigger Quartz finds long overdue is moved to a later time, which must
    /// come too.</summary>
    private async Task<T> WhileTheClockRunsAsync<T>(Func<Task<T>> wait)
    {
        using var stop = new CancellationTokenSource();
        var ticking = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                app.Clock.Advance(TimeSpan.FromSeconds(1));
                try { await Task.Delay(50, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        try { return await wait(); }
        finally
        {
            await stop.CancelAsync();
            await ticking;
        }
    }
}

/// <summary>An app whose reminder and overdue jobs are scheduled by Quartz every 200 ms.</summary>
public abstract class QuartzAppFactory : StudioAppFactory
{
    protected QuartzAppFactory()
    {
        Settings["Scheduling:Reminders:Enabled"] = "true";
        Settings["Scheduling:Reminders:Interval"] = "00:00:00.200";
        Settings["Sales:Overdue:Enabled"] = "true";
        Settings["Sales:Overdue:Interval"] = "00:00:00.200";
    }
}

public sealed class QuartzSqliteAppFactory : QuartzAppFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class QuartzPostgresAppFactory : QuartzAppFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class ScheduledJobTests_Sqlite(QuartzSqliteAppFactory app) : ScheduledJobTests(app), IClassFixture<QuartzSqliteAppFactory>;

public sealed class ScheduledJobTests_Postgres(QuartzPostgresAppFactory app) : ScheduledJobTests(app), IClassFixture<QuartzPostgresAppFactory>;
