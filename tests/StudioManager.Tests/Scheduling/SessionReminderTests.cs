using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using StudioManager.Scheduling;
using StudioManager.Tests.Clients;
using StudioManager.Tests.Infrastructure;
using static StudioManager.Tests.Scheduling.Booking;

namespace StudioManager.Tests.Scheduling;

/// <summary>Reminder emails before a session: the job (as Quartz runs it), the studio setting, the outbox.</summary>
public abstract class SessionReminderTests(StudioAppFactory app)
{
    /// <summary>Whole minutes from the pinned clock's now: reminders are about the time left.</summary>
    private DateTime FromNow(double hours)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc).AddHours(hours);
    }

    private Task<int> RunJobAsync() => app.Services.GetRequiredService<SessionReminderJob>().RunAsync();

    private static async Task<List<string>> MailToAsync(StudioSession s, string email)
    {
        var page = await (await s.Http.GetAsync(s.Api("/outbox?pageSize=200"))).ReadJsonAsync();
        return page.GetProperty("items").EnumerateArray()
            .Where(m => m.GetProperty("recipient").GetString() == email)
            .Select(m => m.GetProperty("subject").GetString()!).ToList();
    }

    private static async Task<(int Id, string Email)> ClientWithEmailAsync(StudioSession s, string name)
    {
        var email = StudioApi.NewEmail("client");
        var client = await ClientApiTests.CreateClientAsync(s, new { name, email });
        return (client.GetProperty("id").GetInt32(), email);
    }

    [Fact]
    public async Task ShouldEmailTheClientOnceWhenTheJobRunsTwiceAtOnce()
    {
        var s = await app.RegisterStudioAsync("Reminder Studio");
        var room = await RoomAsync(s);
        var (client, email) = await ClientWithEmailAsync(s, "Night Owl");
        var (later, laterEmail) = await ClientWithEmailAsync(s, "Early Bird");
        var (cancelled, cancelledEmail) = await ClientWithEmailAsync(s, "No Show");
        await BookOkAsync(s, Session(room, client, FromNow(20), FromNow(22), "Vocals"));
        await BookOkAsync(s, Session(room, later, FromNow(30), FromNow(31), "Mix")); // beyond the default 24 hours
        var dropped = (await BookOkAsync(s, Session(room, cancelled, FromNow(10), FromNow(11), "Dropped"))).GetProperty("id").GetInt32();
        await StudioApi.EnsureAsync(await s.Http.PostAsync(s.Api($"/sessions/{dropped}/cancel"), null));

        var runs = await Task.WhenAll(RunJobAsync(), RunJobAsync());

        var mail = await MailToAsync(s, email);
        Assert.Single(mail);
        Assert.StartsWith("Reminder: Vocals at Reminder Studio", mail[0]);
        Assert.Empty(await MailToAsync(s, laterEmail));
        Assert.Empty(await MailToAsync(s, cancelledEmail));
        Assert.True(runs.Sum() >= 1);
        var delivered = await app.Smtp.WaitForAsync(email);
        Assert.Contains("Night Owl", delivered.TextBody);

        await RunJobAsync();
        Assert.Single(await MailToAsync(s, email));
        Assert.Single(app.Smtp.To(email));
    }

    [Fact]
    public async Task ShouldFollowTheStudioSettingAndRemindAMovedSessionForItsNewTime()
    {
        var s = await app.RegisterStudioAsync();
        var settings = await (await s.Http.GetAsync(s.Api())).ReadJsonAsync();
        Assert.Equal(24, settings.GetProperty("sessionReminderHours").GetInt32());
        var invalid = await s.Http.PatchAsJsonAsync(s.Api(), new { sessionReminderHours = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("sessionReminderHours", await invalid.Content.ReadAsStringAsync());
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api(), new { sessionReminderHours = 48 }));
        var room = await RoomAsync(s);
        var (client, email) = await ClientWithEmailAsync(s, "Mover");
        var id = (await BookOkAsync(s, Session(room, client, FromNow(30), FromNow(31)))).GetProperty("id").GetInt32();

        await RunJobAsync();
        Assert.Single(await MailToAsync(s, email));

        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api($"/sessions/{id}"), new { start = FromNow(40), end = FromNow(41) }));
        await RunJobAsync();
        Assert.Equal(2, (await MailToAsync(s, email)).Count);

        var off = await s.Http.PatchAsJsonAsync(s.Api(), new { sessionReminderHours = (int?)null });
        await StudioApi.EnsureAsync(off);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await off.ReadJsonAsync()).GetProperty("sessionReminderHours").ValueKind);
        var (quiet, quietEmail) = await ClientWithEmailAsync(s, "Quiet");
        await BookOkAsync(s, Session(room, quiet, FromNow(2), FromNow(3)));
        await RunJobAsync();
        Assert.Empty(await MailToAsync(s, quietEmail));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SessionReminderTests_Sqlite(SqliteAppFactory app) : SessionReminderTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SessionReminderTests_Postgres(PostgresAppFactory app) : SessionReminderTests(app);
