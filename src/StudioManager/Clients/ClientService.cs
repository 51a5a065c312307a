using StudioManager.Infrastructure.Time;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Clients;

/// <summary>The studio's clients: list and search, read, create, PATCH-style update, delete. API, pages, import and
/// the demo seed all go through here.</summary>
public sealed class ClientService(TenantDbContext db, TimeProvider clock, PlanLimits limits, CurrentTenant tenant)
{
    private static readonly Dictionary<string, Expression<Func<Client, string?>>> TextSortKeys = new()
    {
        ["name"] = c => c.Name.ToLower(),
        ["artistName"] = c => c.ArtistName!.ToLower(),
        ["email"] = c => c.Email!.ToLower(),
        ["city"] = c => c.City!.ToLower(),
    };

    private static readonly Dictionary<string, Expression<Func<Client, DateTime>>> DateSortKeys = new()
    {
        ["createdAt"] = c => c.CreatedAt,
        ["updatedAt"] = c => c.UpdatedAt,
    };

    public static IEnumerable<string> SortKeys => TextSortKeys.Keys.Concat(DateSortKeys.Keys);

    [RequiresPermission(Permission.ViewClients)]
    public async Task<ListPage<ClientDto>> ListAsync(ClientQuery query, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var rows = await Sort(Filter(query), query.Sort).ToListPageAsync(Paging.Of(query.Page, query.PageSize), ct);
        return rows.Map(ClientDto.From);
    }

    /// <summary>The clients matching the query's search and filters, in its order (all of them: the export).</summary>
    [RequiresPermission(Permission.ViewClients)]
    public async Task<List<ClientDto>> ListAllAsync(ClientQuery query, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return (await Sort(Filter(query), query.Sort).ToListAsync(ct)).Select(ClientDto.From).ToList();
    }

    [RequiresPermission(Permission.ViewClients)]
    public async Task<ClientDto> GetAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return ClientDto.From(await FindAsync(id, ct));
    }

    [RequiresPermission(Permission.ManageClients)]
    public async Task<ClientDto> CreateAsync(ClientInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var now = clock.StoredUtcNow();
        var client = new Client { CreatedAt = now, UpdatedAt = now };
        var v = new Validation();
        Apply(client, input, v);
        v.ThrowIfInvalid();
        await db.InTransactionAsync(async () =>
        {
            await EnsureRoomForAsync(1, ct);
            db.Clients.Add(client);
            await SaveAsync(client, ct);
            return client;
        }, ct);
        return ClientDto.From(client);
    }

    [RequiresPermission(Permission.ManageClients)]
    public async Task<ClientDto> UpdateAsync(int id, ClientInput patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var client = await FindAsync(id, ct);
        var v = new Validation();
        Apply(client, patch, v);
        v.ThrowIfInvalid();
        client.UpdatedAt = clock.StoredUtcNow();
        await SaveAsync(client, ct);
        return ClientDto.From(client);
    }

    /// <summary>Deletes the client and its notes. (Archiving, IsActive = false, is the choice once clients have
    /// documents: sessions, invoices.)</summary>
    [RequiresPermission(Permission.ManageClients)]
    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        db.Clients.Remove(await FindAsync(id, ct));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Refuses (402) adding clients beyond the plan's MaxClients. Call it inside the transaction that adds them:
    /// the clients table stays locked against other writers until it ends, so simultaneous creates and imports count
    /// one after another.</summary>
    internal async Task EnsureRoomForAsync(int adding, CancellationToken ct)
    {
        var plan = await limits.PlanOfAsync(tenant.Studio.OrganizationId, ct);
        if (plan.MaxClients is null) return;
        await db.LockTableAsync<Client>(ct);
        PlanLimits.EnsureClientRoom(plan, await CountAsync(ct), adding);
    }

    /// <summary>All the studio's clients, archived ones too.</summary>
    internal Task<int> CountAsync(CancellationToken ct) => db.Clients.CountAsync(ct);

    internal async Task<Client> FindAsync(int id, CancellationToken ct) =>
        await db.Clients.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException($"There is no client {id}.");

    /// <summary>Client id → name, for the ids given that exist (documents naming their client: sessions).</summary>
    internal async Task<Dictionary<int, string>> NamesAsync(IReadOnlyCollection<int> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : await db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);

    /// <summary>Normalised email → name of the client holding it (as email or second email), among those given.</summary>
    internal async Task<Dictionary<string, string>> EmailOwnersAsync(IReadOnlyCollection<string> normalizedEmails, int exceptClientId, CancellationToken ct)
    {
        if (normalizedEmails.Count == 0) return [];
        return await db.ClientEmails
            .Where(e => e.ClientId != exceptClientId && normalizedEmails.Contains(e.Address))
            .Join(db.Clients, e => e.ClientId, c => c.Id, (e, c) => new { e.Address, c.Name })
            .ToDictionaryAsync(r => r.Address, r => r.Name, ct);
    }

    /// <summary>The client's emails, normalised, with the API field holding each.</summary>
    internal static IEnumerable<(string Field, string Email)> EmailsOf(Client c) =>
        new[] { ("email", c.Email), ("secondaryEmail", c.SecondaryEmail) }
            .Where(e => e.Item2 is not null)
            .Select(e => (e.Item1, ClientEmail.Normalize(e.Item2!)));

    /// <summary>Saves the client. The database keeps an address on one client (client_emails); checking first names
    /// the field and the client holding it. A request saving the same address at the same moment passes that check too,
    /// and the one that loses at the database is answered by the same check, now that the winner is committed.</summary>
    private async Task SaveAsync(Client client, CancellationToken ct)
    {
        await CheckEmailsUniqueAsync(client, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (ConflictException)
        {
            await CheckEmailsUniqueAsync(client, ct);
            throw;
        }
    }

    /// <summary>409 naming each email field whose address another client holds.</summary>
    private async Task CheckEmailsUniqueAsync(Client client, CancellationToken ct)
    {
        var emails = EmailsOf(client).ToList();
        var owners = await EmailOwnersAsync(emails.Select(e => e.Email).ToList(), client.Id, ct);
        var errors = emails.Where(e => owners.ContainsKey(e.Email))
            .ToDictionary(e => e.Field, e => new[] { $"{owners[e.Email]} already has the email {e.Email}." });
        if (errors.Count > 0) throw new ConflictException(string.Join(" ", errors.Values.SelectMany(m => m))) { Errors = errors };
    }

    private IQueryable<Client> Filter(ClientQuery query)
    {
        var v = new Validation();
        v.Check(query.Status is null or "" or "all" or "active" or "archived", "status", "status is active, archived or all.");
        v.Check(query.Sort is null or "" || SortKeys.Contains(query.Sort.TrimStart('-')), "sort",
            $"sort is one of {string.Join(", ", SortKeys)}, with '-' in front for descending.");
        v.ThrowIfInvalid();

        var q = db.Clients.AsNoTracking().IgnoreAutoIncludes();
        if (query.Status == "active") q = q.Where(c => c.IsActive);
        if (query.Status == "archived") q = q.Where(c => !c.IsActive);
        if (query.Vip is { } vip) q = q.Where(c => c.IsVip == vip);
        foreach (var word in ClientSearch.WordsOf(query.Q))
        {
            // LIKE on the folded column: a pg_trgm GIN index serves it on PostgreSQL.
            var pattern = ClientSearch.ContainsPattern(word);
            q = q.Where(c => EF.Functions.Like(c.SearchText, pattern, "\\"));
        }
        return q;
    }

    private static IQueryable<Client> Sort(IQueryable<Client> q, string? sort)
    {
        var descending = sort?.StartsWith('-') == true;
        var key = string.IsNullOrEmpty(sort) ? "name" : sort.TrimStart('-');
        IOrderedQueryable<Client> ordered;
        if (DateSortKeys.TryGetValue(key, out var date))
            ordered = descending ? q.OrderByDescending(date) : q.OrderBy(date);
        else
        {
            var text = TextSortKeys[key];
            // Empty values last in both directions, whatever the provider's NULL ordering.
            var isNull = Expression.Lambda<Func<Client, bool>>(Expression.Equal(text.Body, Expression.Constant(null, typeof(string))), text.Parameters);
            ordered = q.OrderBy(isNull);
            ordered = descending ? ordered.ThenByDescending(text) : ordered.ThenBy(text);
        }
        return descending ? ordered.ThenByDescending(c => c.Id) : ordered.ThenBy(c => c.Id);
    }

    /// <summary>Copies the fields present in the input (normalised: trimmed, blanks as null) and checks the result.</summary>
    internal static void Apply(Client c, ClientInput i, Validation v)
    {
        if (i.Type.HasValue) c.Type = i.Type.Value;
        if (i.Name.HasValue) c.Name = Clean(i.Name.Value) ?? "";
        if (i.ArtistName.HasValue) c.ArtistName = Clean(i.ArtistName.Value);
        if (i.CompanyName.HasValue) c.CompanyName = Clean(i.CompanyName.Value);
        if (i.Email.HasValue) c.Email = Clean(i.Email.Value);
        if (i.SecondaryEmail.HasValue) c.SecondaryEmail = Clean(i.SecondaryEmail.Value);
        if (i.Phone.HasValue) c.Phone = Clean(i.Phone.Value);
        if (i.SecondaryPhone.HasValue) c.SecondaryPhone = Clean(i.SecondaryPhone.Value);
        if (i.AddressLine1.HasValue) c.AddressLine1 = Clean(i.AddressLine1.Value);
        if (i.AddressLine2.HasValue) c.AddressLine2 = Clean(i.AddressLine2.Value);
        if (i.City.HasValue) c.City = Clean(i.City.Value);
        if (i.PostalCode.HasValue) c.PostalCode = Clean(i.PostalCode.Value);
        if (i.Country.HasValue) c.Country = Clean(i.Country.Value);
        if (i.Website.HasValue) c.Website = Clean(i.Website.Value);
        if (i.StreamingLinks.HasValue) c.StreamingLinks = CleanList(i.StreamingLinks.Value);
        if (i.Genres.HasValue) c.Genres = CleanList(i.Genres.Value);
        if (i.Currency.HasValue) c.Currency = Clean(i.Currency.Value)?.ToUpperInvariant();
        if (i.DefaultDepositPercent.HasValue) c.DefaultDepositPercent = i.DefaultDepositPercent.Value;
        if (i.PaymentTermsDays.HasValue) c.PaymentTermsDays = i.PaymentTermsDays.Value;
        if (i.BillingNotes.HasValue) c.BillingNotes = Clean(i.BillingNotes.Value);
        if (i.IsVip.HasValue) c.IsVip = i.IsVip.Value;
        if (i.IsActive.HasValue) c.IsActive = i.IsActive.Value;
        if (i.PortalAccess.HasValue) c.PortalAccess = i.PortalAccess.Value;
        c.SearchText = ClientSearch.TextOf(c);
        c.ClaimEmails();

        v.Check(c.Name.Length > 0, "name", "A name is required.")
            .MaxLength("name", c.Name, 200)
            .MaxLength("artistName", c.ArtistName, 200)
            .MaxLength("companyName", c.CompanyName, 200)
            .Email("email", c.Email)
            .Email("secondaryEmail", c.SecondaryEmail)
            .Phone("phone", c.Phone)
            .Phone("secondaryPhone", c.SecondaryPhone)
            .MaxLength("addressLine1", c.AddressLine1, 200)
            .MaxLength("addressLine2", c.AddressLine2, 200)
            .MaxLength("city", c.City, 100)
            .MaxLength("postalCode", c.PostalCode, 20)
            .MaxLength("country", c.Country, 100)
            .WebLink("website", c.Website)
            .Check(c.StreamingLinks.Count <= 20, "streamingLinks", "At most 20 links.")
            .Check(c.Genres.Count <= 20, "genres", "At most 20 genres.")
            .Between("defaultDepositPercent", c.DefaultDepositPercent, 0, 100, "The deposit (a percentage)")
            .Between("paymentTermsDays", c.PaymentTermsDays, 0, 365, "Payment terms (days)")
            .MaxLength("billingNotes", c.BillingNotes, 4000);
        foreach (var link in c.StreamingLinks) v.WebLink("streamingLinks", link);
        foreach (var genre in c.Genres) v.MaxLength("genres", genre, 50);
        StudioSettingsRules.CheckCurrency(v, "currency", c.Currency);
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static List<string> CleanList(IEnumerable<string?>? items) =>
        items?.Select(Clean).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
}
