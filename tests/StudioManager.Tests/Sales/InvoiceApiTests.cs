using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Platform;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Invoicing;

namespace StudioManager.Tests.Sales;

public abstract class InvoiceApiTests(StudioAppFactory app)
{
    private int Year => app.Clock.GetUtcNow().Year;

    [Fact]
    public async Task ShouldCreateADraftWithoutANumberAndTotalsPerTaxRate()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);

        var response = await s.Http.PostAsJsonAsync(s.Api("/invoices"), new
        {
            clientId = client, items = new[] { Line("Mixing", 1, 100m, 20), Line("Mastering", 1, 99.99m, 10), Line("Stems", 3, 12.345m, 20) },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var invoice = await response.ReadJsonAsync();
        Assert.Equal($"/api/studios/{s.Slug}/invoices/{Id(invoice)}", response.Headers.Location?.OriginalString);
        Assert.Equal(JsonValueKind.Null, invoice.GetProperty("number").ValueKind);
        Assert.Equal("draft", invoice.GetProperty("status").GetString());
        Assert.Equal("EUR", invoice.GetProperty("currency").GetString());
        Assert.Equal([100.00m, 99.99m, 37.04m], invoice.GetProperty("items").EnumerateArray().Select(i => Money(i, "amount")));
        var taxes = invoice.GetProperty("taxLines").EnumerateArray().Select(t => (Money(t, "rate"), Money(t, "net"), Money(t, "tax"))).ToList();
        Assert.Equal([(10m, 99.99m, 10.00m), (20m, 137.04m, 27.41m)], taxes);
        Assert.Equal(237.03m, Money(invoice, "subtotal"));
        Assert.Equal(37.41m, Money(invoice, "taxTotal"));
        Assert.Equal(274.44m, Money(invoice, "total"));
        Assert.Equal(274.44m, Money(invoice, "balanceDue"));
    }

    [Fact]
    public async Task ShouldNameTheFieldsOfABadLine()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);

        var response = await s.Http.PostAsJsonAsync(s.Api("/invoices"), new { clientId = client, items = new object[] { Line("", 0, 1.23456m, 120) } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "items[0].description", "items[0].quantity", "items[0].unitPrice", "items[0].taxRate" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error on {field}: {errors}");
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.PostAsJsonAsync(s.Api("/invoices"), new { clientId = 999_999 })).StatusCode);
    }

    [Fact]
    public async Task ShouldIssueWithTheNextNumberOfTheYearAndFreezeTheInvoice()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var first = await DraftAsync(s, client, Line("Recording", 2, 50m));
        var second = await DraftAsync(s, client, Line("Mixing", 1, 80m));

        // Issued in the other order: the number is given at issue, not at creation.
        var b = await Booking.PostAsync(s, $"/invoices/{Id(second)}/issue", new { });
        var a = await Booking.PostAsync(s, $"/invoices/{Id(first)}/issue", new { });

        Assert.Equal($"INV-{Year}-0001", b.GetProperty("number").GetString());
        Assert.Equal($"INV-{Year}-0002", a.GetProperty("number").GetString());
        Assert.Equal("issued", a.GetProperty("status").GetString());
        var issued = DateOnly.Parse(a.GetProperty("issueDate").GetString()!);
        Assert.Equal(issued.AddDays(30), DateOnly.Parse(a.GetProperty("dueDate").GetString()!));

        Assert.Equal(HttpStatusCode.Conflict, (await s.Http.PatchAsJsonAsync(s.Api($"/invoices/{Id(a)}"), new { notes = "late change" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await s.Http.PostAsync(s.Api($"/invoices/{Id(a)}/issue"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await s.Http.DeleteAsync(s.Api($"/invoices/{Id(a)}"))).StatusCode);
        var still = await GetAsync(s, $"/invoices/{Id(a)}");
        Assert.Equal($"INV-{Year}-0002", still.GetProperty("number").GetString());
        Assert.Equal(JsonValueKind.Null, still.GetProperty("notes").ValueKind);
    }

    [Fact]
    public async Task ShouldEditAndDeleteOnlyDrafts()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var draft = await DraftAsync(s, client, Line("Recording", 2, 50m));

        var edited = await (await s.Http.PatchAsJsonAsync(s.Api($"/invoices/{Id(draft)}"), new
        {
            notes = "Thanks!", dueDate = "2030-07-01", items = new[] { Line("Recording", 3, 50m, 0) },
        })).ReadJsonAsync();
        Assert.Equal(150.00m, Money(edited, "total"));
        Assert.Equal("2030-07-01", edited.GetProperty("dueDate").GetString());
        Assert.Single(edited.GetProperty("items").EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await s.Http.DeleteAsync(s.Api($"/invoices/{Id(draft)}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api($"/invoices/{Id(draft)}"))).StatusCode);
    }

    [Fact]
    public async Task ShouldRefuseInvalidTransitionsWith409()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var draft = await DraftAsync(s, client, Line("Recording", 1, 100m));
        var empty = await DraftAsync(s, client);

        Assert.Equal(HttpStatusCode.Conflict, (await s.Http.PostAsync(s.Api($"/invoices/{Id(draft)}/void"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PayAsync(s, Id(draft), 10)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await s.Http.PostAsync(s.Api($"/invoices/{Id(empty)}/issue"), null)).StatusCode);

        await Booking.PostAsync(s, $"/invoices/{Id(draft)}/issue", new { });
        await StudioApi.EnsureAsync(await PayAsync(s, Id(draft), 10));
        var refused = await s.Http.PostAsync(s.Api($"/invoices/{Id(draft)}/void"), null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("payments", (await refused.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ShouldTakePartialPaymentsRefuseOverpaymentAndRecomputeOnDelete()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var invoice = await IssuedAsync(s, client, Line("Recording", 1, 100m)); // 120.00
        var id = Id(invoice);

        var first = await PayAsync(s, id, 50m);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var partial = await GetAsync(s, $"/invoices/{id}");
        Assert.Equal("partially_paid", partial.GetProperty("status").GetString());
        Assert.Equal(70.00m, Money(partial, "balanceDue"));

        var over = await PayAsync(s, id, 70.01m);
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Contains("70.00", (await over.ReadJsonAsync()).GetProperty("errors").GetProperty("amount")[0].GetString());

        var rest = await (await PayAsync(s, id, 70m, "card")).ReadJsonAsync();
        var paid = await GetAsync(s, $"/invoices/{id}");
        Assert.Equal("paid", paid.GetProperty("status").GetString());
        Assert.Equal(0m, Money(paid, "balanceDue"));
        Assert.Equal(HttpStatusCode.BadRequest, (await PayAsync(s, id, 0.01m)).StatusCode);
        var payments = await GetAsync(s, $"/invoices/{id}/payments");
        Assert.Equal([50m, 70m], payments.EnumerateArray().Select(p => Money(p, "amount")));
        Assert.Equal("card", payments[1].GetProperty("method").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await s.Http.DeleteAsync(s.Api($"/payments/{Id(rest)}"))).StatusCode);
        var back = await GetAsync(s, $"/invoices/{id}");
        Assert.Equal("partially_paid", back.GetProperty("status").GetString());
        Assert.Equal(50m, Money(back, "amountPaid"));
        await s.Http.DeleteAsync(s.Api($"/payments/{Id(await first.ReadJsonAsync())}"));
        Assert.Equal("issued", (await GetAsync(s, $"/invoices/{id}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.DeleteAsync(s.Api($"/payments/{Id(rest)}"))).StatusCode);
    }

    [Fact]
    public async Task ShouldShowTheClientsBalanceAndOverdueInvoices()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var other = await Booking.ClientAsync(s, "Other");
        var open = await IssuedAsync(s, client, Line("Recording", 1, 100m)); // 120.00, due in 30 days
        await StudioApi.EnsureAsync(await PayAsync(s, Id(open), 20m));
        var late = await DraftAsync(s, client, Line("Mixing", 1, 50m, 0));
        await s.Http.PatchAsJsonAsync(s.Api($"/invoices/{Id(late)}"), new { dueDate = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(-3) });
        await Booking.PostAsync(s, $"/invoices/{Id(late)}/issue", new { });
        await DraftAsync(s, client, Line("Not yet", 1, 999m)); // drafts are owed nothing
        await IssuedAsync(s, other, Line("Theirs", 1, 10m));

        var balance = await GetAsync(s, $"/clients/{client}/balance");
        var eur = Assert.Single(balance.GetProperty("balances").EnumerateArray());
        Assert.Equal(150.00m, Money(eur, "balanceDue"));
        Assert.Equal(50.00m, Money(eur, "overdue"));
        Assert.Equal(2, eur.GetProperty("openInvoices").GetInt32());

        var overdue = await GetAsync(s, "/invoices?status=overdue");
        Assert.Equal([Id(late)], overdue.GetProperty("items").EnumerateArray().Select(Id));
        Assert.True(overdue.GetProperty("items")[0].GetProperty("overdue").GetBoolean());
        Assert.Equal(3, (await GetAsync(s, $"/invoices?clientId={client}")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await GetAsync(s, $"/invoices?clientId={client}&status=draft")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.GetAsync(s.Api("/invoices?status=lost"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api("/clients/999999/balance"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync(s.Api("/clients/999999/invoiceable-sessions"))).StatusCode);
    }

    [Fact]
    public async Task ShouldBillCompletedSessionsOnceAndFreeThemWhenVoided()
    {
        var s = await app.RegisterStudioAsync();
        var room = await Booking.RoomAsync(s);
        var client = await Booking.ClientAsync(s);
        var twoHours = await CompletedSessionAsync(s, room, client, day: 0);          // 2 h at 50 = 100.00
        var sevenHours = await CompletedSessionAsync(s, room, client, day: 1, hours: 7); // a full day (300) beats 7 h (350): 300.00
        var upcoming = await Booking.BookOkAsync(s, Booking.Session(room, client, Booking.At(10, day: 2), Booking.At(12, day: 2)));
        await StudioApi.EnsureAsync(await s.Http.PostAsJsonAsync(s.Api("/tax-rates"), new { name = "VAT", rate = 20, isDefault = true }));

        var billable = await GetAsync(s, $"/clients/{client}/invoiceable-sessions");
        Assert.Equal([twoHours, sevenHours], billable.EnumerateArray().Select(Id));

        var invoice = await Booking.PostAsync(s, "/invoices/from-sessions", new { clientId = client, sessionIds = new[] { twoHours, sevenHours } });
        var items = invoice.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([twoHours, sevenHours], items.Select(i => i.GetProperty("sessionId").GetInt32()));
        Assert.Equal((2m, 50m, 100.00m, 20m), (Money(items[0], "quantity"), Money(items[0], "unitPrice"), Money(items[0], "amount"), Money(items[0], "taxRate")));
        Assert.Contains("Studio A", items[0].GetProperty("description").GetString());
        Assert.Contains("2 h", items[0].GetProperty("description").GetString());
        Assert.Contains("3 Jun 2030", items[0].GetProperty("description").GetString());
        // 300 / 7 h is no rate to the cent: one unit at the session's price, the hours in the description.
        Assert.Equal((1m, 300m, 300.00m), (Money(items[1], "quantity"), Money(items[1], "unitPrice"), Money(items[1], "amount")));
        Assert.Contains("7 h", items[1].GetProperty("description").GetString());
        Assert.Equal(480.00m, Money(invoice, "total"));
        Assert.Empty((await GetAsync(s, $"/clients/{client}/invoiceable-sessions")).EnumerateArray());

        var again = await s.Http.PostAsJsonAsync(s.Api("/invoices/from-sessions"), new { clientId = client, sessionIds = new[] { twoHours } });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var manual = await s.Http.PostAsJsonAsync(s.Api("/invoices"), new { clientId = client, items = new[] { Line("Again", 1, 1m, 0, twoHours) } });
        Assert.Equal(HttpStatusCode.Conflict, manual.StatusCode);
        var notCompleted = await s.Http.PostAsJsonAsync(s.Api("/invoices/from-sessions"), new { clientId = client, sessionIds = new[] { Id(upcoming) } });
        Assert.Equal(HttpStatusCode.BadRequest, notCompleted.StatusCode);

        await Booking.PostAsync(s, $"/invoices/{Id(invoice)}/issue", new { });
        await Booking.PostAsync(s, $"/invoices/{Id(invoice)}/void", new { });
        Assert.Equal([twoHours, sevenHours], (await GetAsync(s, $"/clients/{client}/invoiceable-sessions")).EnumerateArray().Select(Id));
        var voided = await GetAsync(s, $"/invoices/{Id(invoice)}");
        Assert.Equal("void", voided.GetProperty("status").GetString());
        Assert.Equal($"INV-{Year}-0001", voided.GetProperty("number").GetString());
    }

    [Fact]
    public async Task ShouldUseTheDefaultTaxRateAndTheStudiosPrefix()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var reduced = await Booking.PostAsync(s, "/tax-rates", new { name = "Reduced", rate = 5.5, isDefault = true });
        await Booking.PostAsync(s, "/tax-rates", new { name = "Standard", rate = 20, isDefault = true });
        var rates = await GetAsync(s, "/tax-rates");
        Assert.Equal([("Reduced", false), ("Standard", true)], rates.EnumerateArray().Select(r => (r.GetProperty("name").GetString(), r.GetProperty("isDefault").GetBoolean())));
        Assert.Equal(HttpStatusCode.Conflict, (await s.Http.PostAsJsonAsync(s.Api("/tax-rates"), new { name = "Standard", rate = 19 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.PatchAsJsonAsync(s.Api($"/tax-rates/{Id(reduced)}"), new { rate = 101 })).StatusCode);

        var patched = await (await s.Http.PatchAsJsonAsync(s.Api("/invoice-settings"), new { invoicePrefix = "rsm" })).ReadJsonAsync();
        Assert.Equal("RSM", patched.GetProperty("invoicePrefix").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.PatchAsJsonAsync(s.Api("/invoice-settings"), new { invoicePrefix = "bad prefix!" })).StatusCode);

        var invoice = await IssuedAsync(s, client, new { description = "Mixing", quantity = 1, unitPrice = 100 });
        Assert.Equal(20m, Money(invoice.GetProperty("items")[0], "taxRate"));
        Assert.Equal(120.00m, Money(invoice, "total"));
        Assert.Equal($"RSM-{Year}-0001", invoice.GetProperty("number").GetString());
    }

    [Fact]
    public async Task ShouldKeepMoneyFromEngineersAndLetAccountantsInvoice()
    {
        var owner = await app.RegisterStudioAsync();
        var engineer = await app.AddMemberAsync(owner, "engineer");
        var accountant = await app.AddMemberAsync(owner, "accountant");
        var client = await Booking.ClientAsync(owner);
        var invoice = await IssuedAsync(accountant, client, Line("Recording", 1, 100m));

        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.GetAsync(engineer.Api("/invoices"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.GetAsync(engineer.Api($"/invoices/{Id(invoice)}/pdf"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.GetAsync(engineer.Api($"/clients/{client}/balance"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(accountant, Id(invoice), 120m)).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InvoiceApiTests_Sqlite(SqliteAppFactory app) : InvoiceApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InvoiceApiTests_Postgres(PostgresAppFactory app) : InvoiceApiTests(app);
