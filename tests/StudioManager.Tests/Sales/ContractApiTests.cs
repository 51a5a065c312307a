using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StudioManager.Tests.Infrastructure;
using StudioManager.Tests.Scheduling;
using static StudioManager.Tests.Sales.Contracting;
using static StudioManager.Tests.Sales.Invoicing;

namespace StudioManager.Tests.Sales;

public abstract class ContractApiTests(StudioAppFactory app)
{
    private int Year => app.Clock.GetUtcNow().Year;

    private static async Task<int> Status(Task<HttpResponseMessage> request) => (int)(await request).StatusCode;

    [Fact]
    public async Task ShouldNumberDraftsAtCreationWithoutGapsAndNameTheFieldsOfABadOne()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);

        var response = await s.Http.PostAsJsonAsync(s.Api("/contracts"), new
        {
            clientId = client, title = "Album recording", type = "session_musician", terms = "Terms.", value = 1500.5m,
            startDate = "2030-01-01", endDate = "2030-06-30",
        });
        var refused = await s.Http.PostAsJsonAsync(s.Api("/contracts"), new { clientId = client, title = "", value = -1, startDate = "2030-02-01", endDate = "2030-01-01" });
        var second = await DraftAsync(s, client);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var first = await response.ReadJsonAsync();
        Assert.Equal($"/api/studios/{s.Slug}/contracts/{Id(first)}", response.Headers.Location?.OriginalString);
        Assert.Equal($"C-{Year}-0001", first.GetProperty("number").GetString());
        Assert.Equal("draft", first.GetProperty("status").GetString());
        Assert.Equal("session_musician", first.GetProperty("type").GetString());
        Assert.Equal("EUR", first.GetProperty("currency").GetString());
        Assert.Equal(1500.5m, Money(first, "value"));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("signature").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.ReadJsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "title", "value", "terms", "endDate" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error on {field}: {errors}");
        // The refused one took no number.
        Assert.Equal($"C-{Year}-0002", second.GetProperty("number").GetString());
        Assert.Equal(400, await Status(s.Http.PostAsJsonAsync(s.Api("/contracts"), new { clientId = 999_999, title = "x", terms = "x", value = 1 })));
    }

    [Fact]
    public async Task ShouldMergeATemplatesFieldsIntoTheTermsAndKeepThatExactText()
    {
        var s = await app.RegisterStudioAsync("Merge Studios");
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api(), new
        {
            addressLine1 = "12 Abbey Road", city = "London", postalCode = "NW8 9AY", country = "GB", vatNumber = "GB123456789",
        }));
        var client = Id(await Clients.ClientApiTests.CreateClientAsync(s, new
        {
            name = "Ana Lima", email = "ana@example.com", companyName = "Lima Music Ltd", addressLine1 = "1 Rua Augusta", city = "Lisbon", postalCode = "1100-048", country = "PT",
        }));
        var project = Id(await Booking.PostAsync(s, "/projects", new { clientId = client, name = "Blue Album", type = "album" }));
        const string body = "Between {{studio.name}} ({{studio.address}}, VAT {{studio.vat}}) and {{client.name}} of {{client.company}}, " +
                            "{{client.address}}, <{{client.email}}>.\n{{ contract.title }} ({{contract.type}}) for {{project.title}}: " +
                            "{{contract.value}}, from {{contract.start_date}} to {{contract.end_date}}.";
        var template = Id(await Booking.PostAsync(s, "/contract-templates", new { name = "Full", type = "production", body }));
        var fields = new { clientId = client, projectId = project, title = "Production deal", value = 12345.6m, startDate = "2030-03-01", endDate = "2030-09-30" };
        const string expected = "Between Merge Studios (12 Abbey Road, NW8 9AY London, GB, VAT GB123456789) and Ana Lima of Lima Music Ltd, " +
                                "1 Rua Augusta, 1100-048 Lisbon, PT, <ana@example.com>.\nProduction deal (Production) for Blue Album: " +
                                "12,345.60 EUR, from 1 March 2030 to 30 September 2030.";

        var preview = await Booking.PostAsync(s, $"/contract-templates/{template}/merge", fields);
        var contract = await Booking.PostAsync(s, "/contracts", new
        {
            fields.clientId, fields.projectId, fields.title, fields.value, fields.startDate, fields.endDate, templateId = template,
        });

        Assert.Equal(expected, preview.GetProperty("terms").GetString());
        Assert.Equal(expected, contract.GetProperty("terms").GetString());
        Assert.Equal("production", contract.GetProperty("type").GetString()); // the template's type
        // The template changes; the contract keeps its text. A PATCH of the draft's value re-merges only when asked.
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api($"/contract-templates/{template}"), new { body = "Other {{client.name}}" }));
        var patched = await s.Http.PatchAsJsonAsync(s.Api($"/contracts/{Id(contract)}"), new { value = 100 });
        Assert.Equal(expected, (await patched.ReadJsonAsync()).GetProperty("terms").GetString());
        var remerged = await s.Http.PatchAsJsonAsync(s.Api($"/contracts/{Id(contract)}"), new { templateId = template });
        Assert.Equal("Other Ana Lima", (await remerged.ReadJsonAsync()).GetProperty("terms").GetString());
        // A project of another client is refused.
        var other = await Booking.ClientAsync(s, "Other");
        Assert.Equal(400, await Status(s.Http.PostAsJsonAsync(s.Api("/contracts"), new { clientId = other, projectId = project, title = "x", terms = "x", value = 1 })));
    }

    [Fact]
    public async Task ShouldRefuseAnUnknownMergeFieldNamingItAndSeedADefaultTemplate()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s, "Seed Client");

        var refused = await s.Http.PostAsJsonAsync(s.Api("/contract-templates"), new { name = "Typo", body = "Dear {{client.nmae}}, {{client.name}} {{ price }}" });
        var seeded = Assert.Single((await GetAsync(s, "/contract-templates")).EnumerateArray());
        var fromSeed = await Booking.PostAsync(s, "/contracts", new { clientId = client, templateId = Id(seeded), title = "Recording", value = 800 });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = string.Join(" ", (await refused.ReadJsonAsync()).GetProperty("errors").GetProperty("body").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("{{client.nmae}}", message);
        Assert.Contains("{{price}}", message);
        Assert.Equal(400, await Status(s.Http.PatchAsJsonAsync(s.Api($"/contract-templates/{Id(seeded)}"), new { body = "{{studio.vatt}}" })));
        var terms = fromSeed.GetProperty("terms").GetString()!;
        Assert.Contains("Seed Client", terms);
        Assert.Contains("800.00 EUR", terms);
        Assert.DoesNotContain("{{", terms);
        Assert.Equal(409, await Status(s.Http.PostAsJsonAsync(s.Api("/contract-templates"), new { name = seeded.GetProperty("name").GetString(), body = "x" })));
        Assert.Equal(400, await Status(s.Http.PostAsJsonAsync(s.Api("/contracts"), new { clientId = client, templateId = 999_999, title = "x", value = 1 })));
    }

    [Fact]
    public async Task ShouldWalkTheLifecycleAndAnswer409ToEveryTransitionItDoesNotAllow()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        var id = Id(await DraftAsync(s, client));

        foreach (var action in new[] { "sign", "activate", "complete", "terminate", "expire" })
            Assert.True(await Status(ActAsync(s, id, action, new { signerName = "Ana" })) == 409, $"{action} on a draft");
        await StudioApi.EnsureAsync(await s.Http.PatchAsJsonAsync(s.Api($"/contracts/{id}"), new { title = "Album recording, 10 songs" }));
        await StudioApi.EnsureAsync(await ActAsync(s, id, "send", new { to = StudioApi.NewEmail("client") }));
        Assert.Equal("sent", (await GetAsync(s, $"/contracts/{id}")).GetProperty("status").GetString());
        Assert.Equal(409, await Status(s.Http.PatchAsJsonAsync(s.Api($"/contracts/{id}"), new { title = "Changed after sending" })));
        foreach (var action in new[] { "activate", "complete", "terminate" })
            Assert.True(await Status(ActAsync(s, id, action)) == 409, $"{action} on a sent contract");
        Assert.Equal(400, await Status(ActAsync(s, id, "sign", new { signerName = " " })));
        await StudioApi.EnsureAsync(await ActAsync(s, id, "sign", new { signerName = "Ana Lima" }));
        foreach (var action in new[] { "sign", "send", "cancel", "complete", "expire" })
            Assert.True(await Status(ActAsync(s, id, action, new { signerName = "Again" })) == 409, $"{action} on a signed contract");
        Assert.Equal(409, await Status(s.Http.PatchAsJsonAsync(s.Api($"/contracts/{id}"), new { terms = "Rewritten" })));
        await StudioApi.EnsureAsync(await ActAsync(s, id, "activate"));
        Assert.Equal(409, await Status(ActAsync(s, id, "expire"))); // no end date: it does not run out
        var completed = await (await ActAsync(s, id, "complete")).ReadJsonAsync();

        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, completed.GetProperty("endedAt").ValueKind);
        Assert.Equal("Album recording, 10 songs", completed.GetProperty("title").GetString());
        foreach (var action in new[] { "terminate", "cancel", "activate", "send" })
            Assert.True(await Status(ActAsync(s, id, action)) == 409, $"{action} on a completed contract");

        // The other endings: cancelled (draft or sent), terminated (signed or active, with a reason), expired.
        var draft = Id(await DraftAsync(s, client));
        Assert.Equal("cancelled", (await (await ActAsync(s, draft, "cancel")).ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Equal(409, await Status(ActAsync(s, draft, "send", new { to = StudioApi.NewEmail() })));
        var offer = Id(await SentAsync(s, client));
        Assert.Equal("expired", (await (await ActAsync(s, offer, "expire")).ReadJsonAsync()).GetProperty("status").GetString());
        var signed = Id(await SentAsync(s, client));
        await StudioApi.EnsureAsync(await ActAsync(s, signed, "sign", new { signerName = "Ana" }));
        var terminated = await (await ActAsync(s, signed, "terminate", new { reason = "The band split." })).ReadJsonAsync();
        Assert.Equal(("terminated", "The band split."), (terminated.GetProperty("status").GetString(), terminated.GetProperty("terminationReason").GetString()));
        var past = Id(await Booking.PostAsync(s, "/contracts", new { clientId = client, title = "Last year", terms = "x", value = 1, startDate = "2001-01-01", endDate = "2001-12-31" }));
        await StudioApi.EnsureAsync(await ActAsync(s, past, "send", new { to = StudioApi.NewEmail() }));
        await StudioApi.EnsureAsync(await ActAsync(s, past, "sign", new { signerName = "Ana" }));
        await StudioApi.EnsureAsync(await ActAsync(s, past, "activate"));
        Assert.Equal("expired", (await (await ActAsync(s, past, "expire")).ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Equal(404, await Status(ActAsync(s, 999_999, "sign", new { signerName = "Ana" })));
    }

    [Fact]
    public async Task ShouldRecordTheSignerTimeIpAndTheSha256OfTheExactTerms()
    {
        var s = await app.RegisterStudioAsync();
        var client = await Booking.ClientAsync(s);
        const string terms = "Zoë & The Ünicodes — 100 % of the masters.\r\n\r\nSecond paragraph, with trailing spaces.  ";
        var id = Id(await SentAsync(s, client, terms));
        var now = app.Clock.GetUtcNow().UtcDateTime;

        var (status, body) = await SignFromAsync(app, s, id, "  Ana Lima ", "203.0.113.7");

        Assert.True(status == 200, body);
        var contract = await GetAsync(s, $"/contracts/{id}");
        Assert.Equal("signed", contract.GetProperty("status").GetString());
        var signature = contract.GetProperty("signature");
        Assert.Equal("Ana Lima", signature.GetProperty("signerName").GetString());
        Assert.Equal("203.0.113.7", signature.GetProperty("signerIp").GetString());
        Assert.Equal(now.AddTicks(-(now.Ticks % 10)), signature.GetProperty("signedAt").GetDateTime().ToUniversalTime());
        // The stored terms are the exact text, and the hash is theirs.
        var stored = contract.GetProperty("terms").GetString()!;
        Assert.Equal(terms, stored);
        Assert.Equal(Sha256(stored), signature.GetProperty("textSha256").GetString());
        Assert.Equal(64, Sha256(stored).Length);
    }

    [Fact]
    public async Task ShouldFilterTheListByStatusTypeClientAndText()
    {
        var s = await app.RegisterStudioAsync();
        var a = await Booking.ClientAsync(s, "Client A");
        var b = await Booking.ClientAsync(s, "Client B");
        await DraftAsync(s, a, title: "Mixing the EP", type: "mixing");
        var sent = await SentAsync(s, b);
        await DraftAsync(s, b, title: "Licensing sync", type: "licensing");

        static IEnumerable<string> Numbers(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("number").GetString()!);
        Assert.Equal(3, (await GetAsync(s, "/contracts")).GetProperty("total").GetInt32());
        Assert.Equal([sent.GetProperty("number").GetString()!], Numbers(await GetAsync(s, "/contracts?status=sent")));
        Assert.Single(Numbers(await GetAsync(s, "/contracts?type=mixing")));
        Assert.Equal(2, (await GetAsync(s, $"/contracts?clientId={b}")).GetProperty("total").GetInt32());
        Assert.Equal("Licensing sync", (await GetAsync(s, "/contracts?q=sync")).GetProperty("items")[0].GetProperty("title").GetString());
        Assert.Equal(400, await Status(s.Http.GetAsync(s.Api("/contracts?status=nonsense"))));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ContractApiTests_Sqlite(SqliteAppFactory app) : ContractApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ContractApiTests_Postgres(PostgresAppFactory app) : ContractApiTests(app);
