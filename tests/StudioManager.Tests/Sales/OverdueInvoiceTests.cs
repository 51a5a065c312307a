using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using StudioManager.Sales;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Invoicing;

namespace StudioManager.Tests.Sales;

/// <summary>The overdue job: which invoices it marks, who it tells, and that it tells once, whatever runs at once.</summary>
public abstract class OverdueInvoiceTests(StudioAppFactory app)
{
    private Task<int> RunJobAsync() => app.Services.GetRequiredService<OverdueInvoiceJob>().RunAsync();

    private string DaysAgo(int days) => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(-days).ToString("yyyy-MM-dd");

    private async Task<int> IssuedDueAsync(StudioSession s, int client, string dueDate, decimal price = 100m)
    {
        var draft = await Booking.PostAsync(s, "/invoices", new { clientId = client, dueDate, items = new[] { Line("Mixing", 1, price) } });
        return Id(await Booking.PostAsync(s, $"/invoices/{Id(draft)}/issue", new { }));
    }

    private static async Task<List<string>> OutboxAsync(StudioSession s, string recipient)
    {
        var page = await Invoicing.GetAsync(s, "/outbox?pageSize=200");
        return page.GetProperty("items").EnumerateArray().Where(m => m.GetProperty("recipient").GetString() == recipient)
            .Select(m => m.GetProperty("subject").GetString()!).ToList();
    }

    private async Task<int> NoticesAsync(StudioSession s)
    {
        await using var db = await app.TenantDbAsync(s.Slug);
        return await db.Set<InvoiceOverdueNotice>().CountAsync();
    }

    private async Task<(StudioSession Studio, string StudioEmail)> StudioWithEmailAsync(string name)
    {
        var s = await app.RegisterStudioAsync(name);
        var studioEmail = StudioApi.NewEmail("accounts");
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api(), new { email = studioEmail }));
        return (s, studioEmail);
    }

    [Fact]
    public async Task ShouldTellTheClientWithThePdfAndTheStudioOnceWhenAnInvoiceBecomesOverdue()
    {
        var (s, studioEmail) = await StudioWithEmailAsync("Overdue Studio");
        var email = StudioApi.NewEmail("client");
        var client = Id(await Clients.ClientApiTests.CreateClientAsync(s, new { name = "Slow Payer", email }));
        var overdue = await IssuedDueAsync(s, client, DaysAgo(3));
        var number = (await Invoicing.GetAsync(s, $"/invoices/{overdue}")).GetProperty("number").GetString()!;
        await StudioApi.EnsureAsync(await PayAsync(s, overdue, 20m));
        var notYetDue = await IssuedDueAsync(s, client, DaysAgo(-3));
        var paid = await IssuedDueAsync(s, client, DaysAgo(5));
        await StudioApi.EnsureAsync(await PayAsync(s, paid, 120m));
        var draft = await Booking.PostAsync(s, "/invoices", new { clientId = client, dueDate = DaysAgo(9), items = new[] { Line("Draft", 1, 10m) } });

        await RunJobAsync();

        var toClient = await app.Smtp.WaitForAsync(email, m => m.Subject?.Contains(number) == true);
        Assert.Equal($"Overdue: invoice {number} from Overdue Studio", toClient.Subject);
        Assert.Contains("100.00 EUR remains to be paid", toClient.TextBody); // 120.00 less the 20.00 paid
        var pdf = Assert.Single(toClient.Attachments.OfType<MimePart>());
        Assert.Equal($"{number}.pdf", pdf.FileName);
        using (var content = new MemoryStream())
        {
            await pdf.Content!.DecodeToAsync(content);
            Assert.Contains($"Invoice {number}", await InvoicePdfTests.PdfTextAsync(content.ToArray()));
        }
        var toStudio = await app.Smtp.WaitForAsync(studioEmail);
        Assert.Equal($"Invoice {number} to Slow Payer is overdue", toStudio.Subject);
        Assert.Contains($"A reminder went to {email}", toStudio.TextBody);
        // Only the overdue one: not the one due later, not the paid one, not the draft.
        Assert.Single(await OutboxAsync(s, email));
        Assert.Equal(1, await NoticesAsync(s));

        // Later runs find it marked: nothing twice, while it stays unpaid.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await RunJobAsync();
        Assert.Single(await OutboxAsync(s, email));
        Assert.Single(await OutboxAsync(s, studioEmail));
        Assert.True((await Invoicing.GetAsync(s, $"/invoices/{overdue}")).GetProperty("overdue").GetBoolean());
        Assert.False((await Invoicing.GetAsync(s, $"/invoices/{notYetDue}")).GetProperty("overdue").GetBoolean());
        Assert.Equal("draft", (await Invoicing.GetAsync(s, $"/invoices/{Id(draft)}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ShouldTellTheStudioOnlyWhenTheClientHasNoEmail()
    {
        var (s, studioEmail) = await StudioWithEmailAsync("Quiet Studio");
        var client = Id(await Clients.ClientApiTests.CreateClientAsync(s, new { name = "No Mail Band" }));
        await IssuedDueAsync(s, client, DaysAgo(1));

        await RunJobAsync();

        var toStudio = await app.Smtp.WaitForAsync(studioEmail);
        Assert.Contains("No Mail Band has no email address: nobody was reminded.", toStudio.TextBody);
        Assert.Equal(1, await NoticesAsync(s));
    }

    [Fact]
    public async Task ShouldNotifyOnceWhenTwoRunsMeet()
    {
        var (s, studioEmail) = await StudioWithEmailAsync("Racing Overdue Studio");
        var email = StudioApi.NewEmail("client");
        var client = Id(await Clients.ClientApiTests.CreateClientAsync(s, new { name = "Twice Told", email }));
        for (var i = 0; i < 5; i++) await IssuedDueAsync(s, client, DaysAgo(2 + i), 10m + i);

        await Task.WhenAll(RunJobAsync(), RunJobAsync(), RunJobAsync());

        Assert.Equal(5, await NoticesAsync(s));
        Assert.Equal(5, (await OutboxAsync(s, email)).Distinct().Count());
        Assert.Equal(5, (await OutboxAsync(s, email)).Count);
        Assert.Equal(5, (await OutboxAsync(s, studioEmail)).Count);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OverdueInvoiceTests_Sqlite(SqliteAppFactory app) : OverdueInvoiceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OverdueInvoiceTests_Postgres(PostgresAppFactory app) : OverdueInvoiceTests(app);
