using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Quartz;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Email;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Jobs;
using StudioManager.Infrastructure.Time;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Sales;

/// <summary>That an invoice was found overdue and who was told (tenant table invoice_overdue_notices): one row per
/// invoice, ever. Its key is the claim that keeps the notice to one, whatever runs at once.</summary>
public class InvoiceOverdueNotice
{
    public int InvoiceId { get; set; }
    /// <summary>The due date that had passed (an issued invoice's due date no longer changes).</summary>
    public DateOnly DueDate { get; set; }
    public DateTime NotifiedAt { get; set; }
    /// <summary>The client's address the reminder went to; null when the client has no email.</summary>
    public string? ClientEmail { get; set; }
}

/// <summary>Finds the invoices that have become overdue (issued or partly paid, due date before the studio's today, a
/// balance left) and tells, once per invoice: the client (a reminder with the invoice attached, when the client has an
/// email) and the studio (at its contact address, when it has one).</summary>
public sealed class OverdueInvoices(TenantDbContext db, MasterDbContext master, CurrentTenant tenant, TimeProvider clock,
    InvoiceService invoices, ClientService clients, StudioSettings settings, Outbox outbox, SalesDocuments documents)
{
    /// <summary>Safe to run twice at once, on one node or two: each notice is claimed by inserting its row in the
    /// transaction that records the mail, so of two runs one inserts and the other meets the key and sends nothing.
    /// Returns how many invoices this run marked.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<int> NotifyAsync(CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var today = StudioTime.Today(clock, tenant.Studio.TimeZone);
        var notices = db.InvoiceOverdueNotices;
        // Issued and partly paid invoices always have a balance (payments reaching the total make them paid).
        var due = await db.Invoices.AsNoTracking()
            .Where(i => (i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.PartiallyPaid) && i.DueDate < today
                        && !notices.Any(n => n.InvoiceId == i.Id))
            .OrderBy(i => i.DueDate).ThenBy(i => i.Id).Select(i => i.Id).ToListAsync(ct);
        if (due.Count == 0) return 0;
        var studio = await settings.GetAsync(ct);
        var marked = 0;
        foreach (var id in due)
            if (await NotifyAsync(await invoices.GetAsync(id, ct), studio, ct)) marked++;
        return marked;
    }

    private async Task<bool> NotifyAsync(InvoiceDto invoice, StudioSettingsDto studio, CancellationToken ct)
    {
        var client = ClientDto.From(await clients.FindAsync(invoice.ClientId, ct));
        var clientEmail = string.IsNullOrWhiteSpace(client.Email) ? null : client.Email;
        var pdf = clientEmail is null ? null : (await documents.RenderAsync(invoice.ClientId, InvoiceDocuments.Document(invoice), ct)).Pdf;
        try
        {
            return await db.InTransactionAsync(async () =>
            {
                db.InvoiceOverdueNotices.Add(new InvoiceOverdueNotice
                {
                    InvoiceId = invoice.Id, DueDate = invoice.DueDate!.Value, NotifiedAt = clock.StoredUtcNow(), ClientEmail = clientEmail,
                });
                await db.SaveChangesAsync(ct);
                if (clientEmail is not null) outbox.Add(master, ToClient(clientEmail, client.Name, invoice, studio, pdf!), studio.Id);
                if (!string.IsNullOrWhiteSpace(studio.Email)) outbox.Add(master, ToStudio(studio.Email, client.Name, invoice, clientEmail), studio.Id);
                await master.SaveChangesAsync(ct);
                return true;
            }, ct);
        }
        catch (ConflictException)
        {
            // Another run claimed it first: nothing to send here.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static string Money(decimal amount, string currency) => $"{amount.ToString("0.00", CultureInfo.InvariantCulture)} {currency}";

    private static string Day(DateOnly? date) => date?.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? "";

    private static EmailMessage ToClient(string to, string clientName, InvoiceDto i, StudioSettingsDto studio, byte[] pdf)
    {
        var balance = Money(i.BalanceDue, i.Currency);
        static string Html(string text) => WebUtility.HtmlEncode(text);
        return new EmailMessage(to, $"Overdue: invoice {i.Number} from {studio.Name}",
            $"Hello {clientName},\n\nInvoice {i.Number} was due on {Day(i.DueDate)} and {balance} remains to be paid. " +
            $"You will find it attached. If you have paid it meanwhile, thank you, and please ignore this message.\n\n{studio.Name}\n",
            $"<p>Hello {Html(clientName)},</p><p>Invoice <b>{Html(i.Number!)}</b> was due on {Day(i.DueDate)} and <b>{balance}</b> " +
            $"remains to be paid. You will find it attached. If you have paid it meanwhile, thank you, and please ignore this message.</p>" +
            $"<p>{Html(studio.Name)}</p>",
            [new EmailAttachment($"{i.Number}.pdf", "application/pdf", pdf)]);
    }

    private static EmailMessage ToStudio(string to, string clientName, InvoiceDto i, string? clientEmail)
    {
        var told = clientEmail is null ? $"{clientName} has no email address: nobody was reminded." : $"A reminder went to {clientEmail}.";
        var text = $"Invoice {i.Number} to {clientName} was due on {Day(i.DueDate)}; {Money(i.BalanceDue, i.Currency)} remains to be paid. {told}";
        return new EmailMessage(to, $"Invoice {i.Number} to {clientName} is overdue", text + "\n", $"<p>{WebUtility.HtmlEncode(text)}</p>");
    }
}

/// <summary>The Quartz job behind the overdue notices: every studio, one after another (Sales:Overdue:Interval, an hour
/// by default). The claim in OverdueInvoices keeps two nodes from telling twice.</summary>
[DisallowConcurrentExecution]
public sealed class OverdueInvoiceJob(EveryStudio studios) : IJob
{
    public Task<int> RunAsync(CancellationToken ct = default) =>
        studios.RunAsync<OverdueInvoices>("Overdue invoices", _ => true, (o, c) => o.NotifyAsync(c), ct);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await RunAsync(cancellationToken);
}

public static class OverdueInvoiceSetup
{
    public static void AddOverdueInvoices(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<OverdueInvoices>();
        services.AddRecurringJob<OverdueInvoiceJob>(config, "Sales:Overdue", TimeSpan.FromHours(1));
    }
}
