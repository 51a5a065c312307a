using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Sales;

public static class SalesEndpoints
{
    public static void MapSalesEndpoints(this IEndpointRouteBuilder app)
    {
        var invoices = app.MapGroup("/api/studios/{studio}").StudioScoped()
            .WithTag("Invoices", "Invoices (drafts, issue with a number INV-YYYY-NNNN, void), their PDF and email, payments and the clients' balances.");
        invoices.MapGet("/invoices", List).RequirePermission(Permission.ViewMoney).WithName("ListInvoices");
        invoices.MapPost("/invoices", Create).RequirePermission(Permission.ManageMoney).WithName("CreateInvoice")
            .ProducesProblem(StatusCodes.Status409Conflict);
        invoices.MapPost("/invoices/from-sessions", CreateFromSessions).RequirePermission(Permission.ManageMoney).WithName("CreateInvoiceFromSessions")
            .ProducesProblem(StatusCodes.Status409Conflict);
        invoices.MapGet("/invoices/{id:int}", Get).RequirePermission(Permission.ViewMoney).WithName("GetInvoice");
        invoices.MapPatch("/invoices/{id:int}", Update).RequirePermission(Permission.ManageMoney).WithName("UpdateInvoice")
            .ProducesProblem(StatusCodes.Status409Conflict);
        invoices.MapDelete("/invoices/{id:int}", Delete).RequirePermission(Permission.ManageMoney).WithName("DeleteInvoice")
            .ProducesProblem(StatusCodes.Status409Conflict);
        invoices.MapPost("/invoices/{id:int}/issue", Issue).RequirePermission(Permission.ManageMoney).WithName("IssueInvoice")
            .ProducesProblem(StatusCodes.Status409Conflict);
        invoices.MapPost("/invoices/{id:int}/void", Void).RequirePermission(Permission.ManageMoney).WithName("VoidInvoice")
            .ProducesProblem(StatusCodes.Status409Conflict);
        invoices.MapPost("/invoices/{id:int}/send", Send).RequirePermission(Permission.ManageMoney).WithName("SendInvoice")
            .ProducesProblem(StatusCodes.Status409Conflict);
        invoices.MapGet("/invoices/{id:int}/pdf", Pdf).RequirePermission(Permission.ViewMoney).WithName("GetInvoicePdf")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/pdf");
        invoices.MapGet("/invoices/{id:int}/payments", ListPayments).RequirePermission(Permission.ViewMoney).WithName("ListInvoicePayments");
        invoices.MapPost("/invoices/{id:int}/payments", AddPayment).RequirePermission(Permission.ManageMoney).WithName("AddInvoicePayment")
            .ProducesProblem(StatusCodes.Status409Conflict);
        invoices.MapDelete("/payments/{id:int}", DeletePayment).RequirePermission(Permission.ManageMoney).WithName("DeletePayment");
        invoices.MapGet("/clients/{id:int}/balance", ClientBalance).RequirePermission(Permission.ViewMoney).WithName("GetClientBalance");
        invoices.MapGet("/clients/{id:int}/invoiceable-sessions", InvoiceableSessions).RequirePermission(Permission.ViewMoney)
            .WithName("ListInvoiceableSessions");

        var setup = app.MapGroup("/api/studios/{studio}").StudioScoped()
            .WithTag("Tax rates", "The studio's named tax rates (one default for new lines) and its invoicing settings (number prefix, payment terms).");
        setup.MapGet("/tax-rates", ListTaxRates).RequirePermission(Permission.ViewMoney).WithName("ListTaxRates");
        setup.MapPost("/tax-rates", CreateTaxRate).RequirePermission(Permission.ManageMoney).WithName("CreateTaxRate")
            .ProducesProblem(StatusCodes.Status409Conflict);
        setup.MapGet("/tax-rates/{id:int}", GetTaxRate).RequirePermission(Permission.ViewMoney).WithName("GetTaxRate");
        setup.MapPatch("/tax-rates/{id:int}", UpdateTaxRate).RequirePermission(Permission.ManageMoney).WithName("UpdateTaxRate")
            .ProducesProblem(StatusCodes.Status409Conflict);
        setup.MapDelete("/tax-rates/{id:int}", DeleteTaxRate).RequirePermission(Permission.ManageMoney).WithName("DeleteTaxRate");
        setup.MapGet("/invoice-settings", GetInvoiceSettings).RequirePermission(Permission.ViewMoney).WithName("GetInvoiceSettings");
        setup.MapPatch("/invoice-settings", UpdateInvoiceSettings).RequirePermission(Permission.ManageMoney).WithName("UpdateInvoiceSettings");
    }

    /// <summary>The list's query string: status (or overdue), clientId, q (number), page, pageSize.</summary>
    public sealed record ListParameters(
        [FromQuery(Name = "status"), ClosedSet("draft", "issued", "partially_paid", "paid", "void", "overdue")] string? Status,
        [FromQuery(Name = "clientId")] int? ClientId, [FromQuery(Name = "q")] string? Q,
        [FromQuery(Name = "page")] int? Page, [FromQuery(Name = "pageSize")] int? PageSize)
    {
        public InvoiceQuery ToQuery() => new(Status, ClientId, Q, Page, PageSize);
    }

    /// <summary>Lists invoices, newest first: by status (overdue is derived), client, number.</summary>
    public static async Task<Ok<ListPage<InvoiceDto>>> List([AsParameters] ListParameters p, InvoiceService invoices, CancellationToken ct) =>
        TypedResults.Ok(await invoices.ListAsync(p.ToQuery(), ct));

    /// <summary>Creates a draft invoice (no number until issued).</summary>
    public static async Task<Created<InvoiceDto>> Create(InvoiceInput input, InvoiceService invoices, CurrentTenant tenant, CancellationToken ct) =>
        Created(tenant, await invoices.CreateAsync(input, ct));

    /// <summary>Creates a draft billing the client's completed sessions given, one line each (date, room, hours, rate).
    /// 409 when a session is already on another invoice.</summary>
    public static async Task<Created<InvoiceDto>> CreateFromSessions(InvoiceFromSessionsInput input, InvoiceService invoices, CurrentTenant tenant,
        CancellationToken ct) => Created(tenant, await invoices.CreateFromSessionsAsync(input, ct));

    /// <summary>Reads an invoice with its lines and totals per tax rate.</summary>
    public static async Task<Ok<InvoiceDto>> Get(int id, InvoiceService invoices, CancellationToken ct) =>
        TypedResults.Ok(await invoices.GetAsync(id, ct));

    /// <summary>Changes a draft (409 once issued); items replace all the lines.</summary>
    public static async Task<Ok<InvoiceDto>> Update(int id, InvoiceInput patch, InvoiceService invoices, CancellationToken ct) =>
        TypedResults.Ok(await invoices.UpdateAsync(id, patch, ct));

    /// <summary>Deletes a draft (an issued invoice is voided instead).</summary>
    public static async Task<NoContent> Delete(int id, InvoiceService invoices, CancellationToken ct)
    {
        await invoices.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Issues a draft: the next number of the year, the issue and due dates.</summary>
    public static async Task<Ok<InvoiceDto>> Issue(int id, InvoiceService invoices, CancellationToken ct) =>
        TypedResults.Ok(await invoices.IssueAsync(id, ct));

    /// <summary>Voids an issued invoice without payments (it keeps its number).</summary>
    public static async Task<Ok<InvoiceDto>> Void(int id, InvoiceService invoices, CancellationToken ct) =>
        TypedResults.Ok(await invoices.VoidAsync(id, ct));

    /// <summary>Emails the invoice with its PDF attached, to the client or to the address given; 202 once recorded.</summary>
    public static async Task<Accepted<DocumentSent>> Send(int id, [FromBody] SendInvoiceInput? input, InvoiceDocuments documents,
        CancellationToken ct) => TypedResults.Accepted((string?)null, await documents.SendAsync(id, input ?? new SendInvoiceInput(), ct));

    /// <summary>The invoice as a PDF.</summary>
    public static async Task<FileContentHttpResult> Pdf(int id, InvoiceDocuments documents, CancellationToken ct)
    {
        var pdf = await documents.PdfAsync(id, ct);
        return TypedResults.File(pdf.Content, "application/pdf", pdf.FileName);
    }

    /// <summary>Lists an invoice's payments, oldest first.</summary>
    public static async Task<Ok<List<PaymentDto>>> ListPayments(int id, InvoiceService invoices, CancellationToken ct) =>
        TypedResults.Ok(await invoices.ListPaymentsAsync(id, ct));

    /// <summary>Records a payment; more than the balance due is refused (400 on amount).</summary>
    public static async Task<Created<PaymentDto>> AddPayment(int id, PaymentInput input, InvoiceService invoices, CurrentTenant tenant, CancellationToken ct)
    {
        var payment = await invoices.AddPaymentAsync(id, input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/invoices/{id}/payments", payment);
    }

    /// <summary>Removes a payment; the invoice's status follows.</summary>
    public static async Task<NoContent> DeletePayment(int id, InvoiceService invoices, CancellationToken ct)
    {
        await invoices.DeletePaymentAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>What the client owes on issued invoices, per currency, with the overdue part.</summary>
    public static async Task<Ok<ClientBalanceDto>> ClientBalance(int id, InvoiceService invoices, CancellationToken ct) =>
        TypedResults.Ok(await invoices.ClientBalanceAsync(id, ct));

    /// <summary>The client's completed sessions that no invoice bills yet.</summary>
    public static async Task<Ok<List<InvoiceableSessionDto>>> InvoiceableSessions(int id, InvoiceService invoices, CancellationToken ct) =>
        TypedResults.Ok(await invoices.InvoiceableSessionsAsync(id, ct));

    /// <summary>Lists the studio's tax rates.</summary>
    public static async Task<Ok<List<TaxRateDto>>> ListTaxRates(SalesSetupService setup, CancellationToken ct) =>
        TypedResults.Ok(await setup.ListTaxRatesAsync(ct));

    /// <summary>Creates a tax rate (isDefault makes it the only default).</summary>
    public static async Task<Created<TaxRateDto>> CreateTaxRate(TaxRateInput input, SalesSetupService setup, CurrentTenant tenant, CancellationToken ct)
    {
        var rate = await setup.CreateTaxRateAsync(input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/tax-rates/{rate.Id}", rate);
    }

    /// <summary>Reads a tax rate.</summary>
    public static async Task<Ok<TaxRateDto>> GetTaxRate(int id, SalesSetupService setup, CancellationToken ct) =>
        TypedResults.Ok(await setup.GetTaxRateAsync(id, ct));

    /// <summary>Changes a tax rate (lines already saved keep their percent).</summary>
    public static async Task<Ok<TaxRateDto>> UpdateTaxRate(int id, TaxRateInput patch, SalesSetupService setup, CancellationToken ct) =>
        TypedResults.Ok(await setup.UpdateTaxRateAsync(id, patch, ct));

    /// <summary>Deletes a tax rate (lines already saved keep their percent).</summary>
    public static async Task<NoContent> DeleteTaxRate(int id, SalesSetupService setup, CancellationToken ct)
    {
        await setup.DeleteTaxRateAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The invoicing settings: number prefix, default payment terms.</summary>
    public static async Task<Ok<InvoiceSettingsDto>> GetInvoiceSettings(SalesSetupService setup, CancellationToken ct) =>
        TypedResults.Ok(await setup.GetInvoiceSettingsAsync(ct));

    /// <summary>Changes the invoicing settings sent.</summary>
    public static async Task<Ok<InvoiceSettingsDto>> UpdateInvoiceSettings(InvoiceSettingsInput patch, SalesSetupService setup, CancellationToken ct) =>
        TypedResults.Ok(await setup.UpdateInvoiceSettingsAsync(patch, ct));

    private static Created<InvoiceDto> Created(CurrentTenant tenant, InvoiceDto invoice) =>
        TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/invoices/{invoice.Id}", invoice);
}
