using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Email;
using StudioManager.Platform;
using StudioManager.Tests.Identity;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

/// <summary>Mail goes through the outbox: recorded with the change, sent after commit by the worker, retried while SMTP
/// is down, never twice, and shown to the studio's owners and admins. The app's retry delay is zero in tests, so each
/// dispatch pass (the app's own worker, or one a test runs) makes one attempt per waiting message.</summary>
public abstract class OutboxTests(StudioAppFactory app)
{
    private sealed record Mail(long Id, string Recipient, string Subject, string Status, int Attempts, string? LastError);
    private sealed record MailPage(List<Mail> Items, int Total);

    private OutboxDispatcher Dispatcher => app.Services.GetRequiredService<OutboxDispatcher>();
    private int MaxAttempts => app.Services.GetRequiredService<IOptions<EmailOptions>>().Value.Outbox.MaxAttempts;

    [Fact]
    public async Task ShouldDeliverEveryMessageExactlyOnceWhenSmtpComesBack()
    {
        var owner = await app.RegisterStudioAsync("Outbox Studio");
        var invitees = Enumerable.Range(0, 3).Select(_ => StudioApi.NewEmail("outbox")).ToList();

        await app.Smtp.StopAsync();
        try
        {
            // The requests succeed while SMTP is down: they only record the mail.
            foreach (var email in invitees)
                Assert.Equal(HttpStatusCode.Created, (await owner.Http.PostAsJsonAsync(owner.Api("/invitations"), new { email, role = "engineer" })).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await app.CreateClient().PostAsJsonAsync("/api/auth/forgot-password", new { email = owner.Email })).StatusCode);

            // The commits woke the worker: each message has been refused at least once and waits for its next attempt.
            var waiting = await EventuallyAsync(owner, page => invitees.All(e => page.Items.Single(m => m.Recipient == e) is { Status: "pending", Attempts: >= 1, LastError: not null }));
            Assert.Empty(invitees.SelectMany(app.Smtp.To));
            // A password reset is platform mail: no studio sees it.
            Assert.DoesNotContain(waiting.Items, m => m.Recipient == owner.Email);
        }
        finally
        {
            app.Smtp.Start();
        }

        // Several workers at once, as several app nodes would run, besides the app's own.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Dispatcher.DispatchDueAsync()));
        foreach (var email in invitees) await app.Smtp.WaitForAsync(email);
        await app.Smtp.WaitForAsync(owner.Email, m => m.Subject == "Reset your Studio Manager password");
        var sent = await EventuallyAsync(owner, page => invitees.All(e => page.Items.Single(m => m.Recipient == e).Status == "sent"));

        await Dispatcher.DispatchDueAsync();
        foreach (var email in invitees)
        {
            Assert.Single(app.Smtp.To(email));
            Assert.True(sent.Items.Single(m => m.Recipient == email).Attempts >= 2);
        }
        Assert.Single(app.Smtp.To(owner.Email));
    }

    [Fact]
    public async Task ShouldMarkAMessageFailedAfterItsLastAttemptAndSendItOnceWhenRetried()
    {
        var owner = await app.RegisterStudioAsync();
        var email = StudioApi.NewEmail("failing");
        Mail failed;
        await app.Smtp.StopAsync();
        try
        {
            await StudioApi.EnsureAsync(await owner.Http.PostAsJsonAsync(owner.Api("/invitations"), new { email, role = "accountant" }));
            failed = await FailAsync(owner, email);
        }
        finally
        {
            app.Smtp.Start();
        }
        Assert.Equal(MaxAttempts, failed.Attempts);
        Assert.False(string.IsNullOrEmpty(failed.LastError));
        await Dispatcher.DispatchDueAsync();
        Assert.Equal(failed, (await OutboxAsync(owner, "failed")).Items.Single(m => m.Id == failed.Id)); // not tried again
        Assert.Empty(app.Smtp.To(email));

        // Retries fired together: one makes the message pending again, the others find it no longer failed.
        var retries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => owner.Http.PostAsync(owner.Api($"/outbox/{failed.Id}/retry"), null)));
        Assert.Single(retries, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.All(retries.Where(r => r.StatusCode != HttpStatusCode.NoContent), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));

        await app.Smtp.WaitForAsync(email);
        var sent = (await EventuallyAsync(owner, page => page.Items.Single(m => m.Id == failed.Id).Status == "sent")).Items.Single(m => m.Id == failed.Id);
        Assert.Equal(1, sent.Attempts);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.Http.PostAsync(owner.Api($"/outbox/{failed.Id}/retry"), null)).StatusCode);
        Assert.Single(app.Smtp.To(email));
    }

    [Fact]
    public async Task ShouldStoreTheBodiesEncryptedSoThatTheDatabaseHoldsNoUsableLink()
    {
        var owner = await app.RegisterStudioAsync();
        var email = StudioApi.NewEmail("secret");
        var token = await app.InviteAsync(owner, email, "engineer");

        await using var scope = app.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<MasterDbContext>().OutboxMessages.SingleAsync(m => m.Recipient == email);
        Assert.DoesNotContain(token, row.TextBody);
        Assert.DoesNotContain(token, row.HtmlBody);
        Assert.DoesNotContain("invitations/accept", row.TextBody);
    }

    [Fact]
    public async Task ShouldRecordNoMailForAnInvitationWhoseTransactionRollsBack()
    {
        var owner = await app.RegisterStudioAsync();
        var doomed = StudioApi.NewEmail("doomed");
        var name = "test_doom_" + Guid.NewGuid().ToString("N")[..8];
        // The database refuses to commit a transaction that inserted this invitation, after every statement of it ran.
        await MasterSqlAsync(app.Provider == DatabaseProvider.Postgres
            ? [$"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$",
               $"CREATE CONSTRAINT TRIGGER {name} AFTER INSERT ON invitations DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.email = '{doomed}') EXECUTE FUNCTION {name}()"]
            : [$"CREATE TABLE {name} (ref INTEGER REFERENCES organizations(id) DEFERRABLE INITIALLY DEFERRED)",
               $"CREATE TRIGGER {name} AFTER INSERT ON invitations WHEN NEW.email = '{doomed}' BEGIN INSERT INTO {name} VALUES (-1); END"]);
        try
        {
            var response = await owner.Http.PostAsJsonAsync(owner.Api("/invitations"), new { email = doomed, role = "engineer" });
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }
        finally
        {
            await MasterSqlAsync(app.Provider == DatabaseProvider.Postgres
                ? [$"DROP TRIGGER {name} ON invitations", $"DROP FUNCTION {name}()"]
                : [$"DROP TRIGGER {name}", $"DROP TABLE {name}"]);
        }

        // Mail recorded after the failed one has left; the rolled-back invitation had none.
        await app.InviteAsync(owner, StudioApi.NewEmail("after"), "engineer");
        Assert.Empty(app.Smtp.To(doomed));
        await using var scope = app.Services.CreateAsyncScope();
        var master = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
        Assert.False(await master.OutboxMessages.AnyAsync(m => m.Recipient == doomed));
        Assert.False(await master.Invitations.AnyAsync(i => i.Email == doomed));
    }

    [Fact]
    public async Task ShouldMarkFailedAndNeverResendByItselfAMessageWhoseSendingWasInterrupted()
    {
        var owner = await app.RegisterStudioAsync();
        var email = StudioApi.NewEmail("interrupted");
        // What a node that stopped during the SMTP call leaves behind: a message claimed longer ago than SendTimeout.
        var options = app.Services.GetRequiredService<IOptions<EmailOptions>>().Value.Outbox;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var master = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
            scope.ServiceProvider.GetRequiredService<Outbox>().Add(master, new EmailMessage(email, "Interrupted", "Hello"), owner.StudioId);
            var row = master.ChangeTracker.Entries<OutboxMessage>().Single().Entity;
            (row.Status, row.Attempts, row.ClaimedAt) = (OutboxStatus.Sending, 1,
                app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime - options.SendTimeout - TimeSpan.FromMinutes(1));
            await master.SaveChangesAsync();
        }

        await Dispatcher.DispatchDueAsync();

        var failed = (await OutboxAsync(owner)).Items.Single(m => m.Recipient == email);
        Assert.Equal("failed", failed.Status);
        Assert.Contains("interrupted", failed.LastError);
        Assert.Empty(app.Smtp.To(email));
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.PostAsync(owner.Api($"/outbox/{failed.Id}/retry"), null)).StatusCode);
        await app.Smtp.WaitForAsync(email);
        await EventuallyAsync(owner, page => page.Items.Single(m => m.Id == failed.Id).Status == "sent");
        Assert.Single(app.Smtp.To(email));
    }

    [Fact]
    public async Task ShouldShowTheOwnerPendingSentAndFailedMailOnThePageAndRetryFromIt()
    {
        var owner = await app.RegisterStudioAsync("Mail Page Studio");
        var (sentTo, failedTo, pendingTo) = (StudioApi.NewEmail("sent"), StudioApi.NewEmail("failed"), StudioApi.NewEmail("pending"));
        await app.InviteAsync(owner, sentTo, "engineer");
        await EventuallyAsync(owner, page => page.Items.Single(m => m.Recipient == sentTo).Status == "sent");
        var browser = Browser.Open(app);
        await browser.SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = owner.Email, ["Input.Password"] = owner.Password });

        Mail failed;
        string html;
        await app.Smtp.StopAsync();
        try
        {
            await StudioApi.EnsureAsync(await owner.Http.PostAsJsonAsync(owner.Api("/invitations"), new { email = failedTo, role = "engineer" }));
            failed = await FailAsync(owner, failedTo);
            await StudioApi.EnsureAsync(await owner.Http.PostAsJsonAsync(owner.Api("/invitations"), new { email = pendingTo, role = "engineer" }));
            await EventuallyAsync(owner, page => page.Items.Single(m => m.Recipient == pendingTo).Attempts >= 1);
            html = await browser.GetHtmlAsync($"/s/{owner.Slug}/mail");
        }
        finally
        {
            app.Smtp.Start();
        }

        Assert.Matches($"(?s){Row(sentTo)}.*?data-test=\"status\">Sent<", html);
        Assert.Matches($"(?s){Row(failedTo)}.*?data-test=\"status\">Failed<.*?data-test=\"attempts\">{MaxAttempts}<.*?data-test=\"last-error\">[^<]+<.*?data-test=\"retry\"", html);
        // Between two attempts, unless the worker is making one right now.
        Assert.Matches($"(?s){Row(pendingTo)}.*?data-test=\"status\">(Pending|Sending)<", html);
        var onlyFailed = await browser.GetHtmlAsync($"/s/{owner.Slug}/mail?status=failed");
        Assert.Contains(failedTo, onlyFailed);
        Assert.DoesNotContain(sentTo, onlyFailed);

        var retried = await browser.SubmitAsync($"/s/{owner.Slug}/mail", $"retry-{failed.Id}");
        await StudioApi.EnsureAsync(retried);
        Assert.Contains("will be sent again", await retried.Content.ReadAsStringAsync());
        await app.Smtp.WaitForAsync(failedTo);
        await app.Smtp.WaitForAsync(pendingTo);
        await EventuallyAsync(owner, page => page.Items.Where(m => m.Recipient != sentTo).All(m => m.Status == "sent"));
        Assert.Single(app.Smtp.To(failedTo));
        Assert.Single(app.Smtp.To(pendingTo));
    }

    [Fact]
    public async Task ShouldShowTheOutboxToOwnersAndAdminsOnlyAndAnswer404ToOtherStudios()
    {
        var owner = await app.RegisterStudioAsync();
        var admin = await app.AddMemberAsync(owner, "admin");
        var engineer = await app.AddMemberAsync(owner, "engineer");
        var accountant = await app.AddMemberAsync(owner, "accountant");
        var outsider = await app.RegisterStudioAsync();
        await app.AddMemberAsync(outsider, "engineer"); // mail of the other studio
        var mine = await EventuallyAsync(owner, page => page.Items.Count == 3 && page.Items.All(m => m.Status == "sent"));
        var id = mine.Items[0].Id;

        Assert.Equal(3, (await OutboxAsync(admin)).Total);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.Http.PostAsync(admin.Api($"/outbox/{id}/retry"), null)).StatusCode); // sent, not failed
        foreach (var member in new[] { engineer, accountant })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await member.Http.GetAsync(member.Api("/outbox"))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await member.Http.PostAsync(member.Api($"/outbox/{id}/retry"), null)).StatusCode);
            var browser = Browser.Open(app);
            await browser.SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = member.Email, ["Input.Password"] = member.Password });
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.Http.GetAsync($"/s/{owner.Slug}/mail")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.GetAsync(owner.Api("/outbox"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.PostAsync(owner.Api($"/outbox/{id}/retry"), null)).StatusCode);
        // In their own studio, this studio's message does not exist either.
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.PostAsync(outsider.Api($"/outbox/{id}/retry"), null)).StatusCode);
        var theirs = await OutboxAsync(outsider);
        Assert.Equal(1, theirs.Total);
        Assert.DoesNotContain(theirs.Items, m => mine.Items.Any(x => x.Id == m.Id));

        var bad = await owner.Http.GetAsync(owner.Api("/outbox?status=lost"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.ReadJsonAsync()).GetProperty("errors").TryGetProperty("status", out _));
    }

    /// <summary>Runs dispatch passes (SMTP down) until the message has failed its last attempt. The app's worker may
    /// take some attempts itself; each pass makes at most one.</summary>
    private async Task<Mail> FailAsync(StudioSession owner, string email)
    {
        for (var pass = 0; pass < 3 * MaxAttempts; pass++)
        {
            var mail = (await OutboxAsync(owner)).Items.Single(m => m.Recipient == email);
            if (mail.Status == "failed") return mail;
            await Dispatcher.DispatchDueAsync();
        }
        throw new InvalidOperationException($"The mail to {email} did not fail after {3 * MaxAttempts} passes.");
    }

    private static async Task<MailPage> OutboxAsync(StudioSession member, string? status = null) =>
        (await member.Http.GetFromJsonAsync<MailPage>(member.Api($"/outbox?pageSize=200{(status is null ? "" : $"&status={status}")}"), StudioApi.Json))!;

    /// <summary>The outbox once the condition holds: the worker marks a message sent just after SMTP accepted it.</summary>
    private static async Task<MailPage> EventuallyAsync(StudioSession owner, Func<MailPage, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var page = await OutboxAsync(owner);
            if (condition(page)) return page;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The outbox did not reach the expected state: " + string.Join(", ", page.Items));
            await Task.Delay(100);
        }
    }

    private async Task MasterSqlAsync(string[] statements)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var master = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
        foreach (var sql in statements) await master.Database.ExecuteSqlRawAsync(sql);
    }

    private static string Row(string email) => $"<td>{System.Text.RegularExpressions.Regex.Escape(email)}</td>";
}

[Collection(SqliteCollection.Name)]
public sealed class OutboxTests_Sqlite(SqliteAppFactory app) : OutboxTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OutboxTests_Postgres(PostgresAppFactory app) : OutboxTests(app);
