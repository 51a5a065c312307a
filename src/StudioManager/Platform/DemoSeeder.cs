using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Identity;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Email;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Platform;

public sealed record DemoSeedResult(bool Created, string Slug, int Clients, int Notes);

/// <summary>The demo studio: a demo owner, "Demo Studio" and a few clients with notes, created once through the same
/// services as the app (StudioCreation, ClientService, ClientNoteService).</summary>
public sealed class DemoSeeder(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string Email = "demo@studio.local";
    public const string Password = "demo-studio-1";
    public const string OwnerName = "Demo Owner";
    public const string StudioName = "Demo Studio";

    /// <summary>Creates the demo user, studio and clients, unless the demo user exists (then returns its studio).</summary>
    public async Task<DemoSeedResult?> SeedAsync(CancellationToken ct = default)
    {
        User user;
        Organization studio;
        await using (var scope = scopes.CreateAsyncScope())
        {
            if (await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByEmailAsync(Email) is not null)
            {
                var slug = await FindStudioSlugAsync(ct);
                return slug is null ? null : new DemoSeedResult(false, slug, 0, 0);
            }
            (user, studio) = await scope.ServiceProvider.GetRequiredService<StudioCreation>()
                .RegisterAsync(new RegisterRequest(Email, Password, OwnerName, StudioName), ct);
        }

        await using var tenantScope = scopes.CreateAsyncScope();
        var sp = tenantScope.ServiceProvider;
        await sp.GetRequiredService<CurrentTenant>().EnterAsync(sp.GetRequiredService<StudioDirectory>(), studio.Slug, user.Id, user.Name, ct);
        // Notes are dated over the past weeks, as a real timeline would be.
        var past = new PastClock(clock);
        var clients = ActivatorUtilities.CreateInstance<ClientService>(sp, past);
        var notes = ActivatorUtilities.CreateInstance<ClientNoteService>(sp, past);
        var db = sp.GetRequiredService<TenantDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var noteCount = 0;
        foreach (var (daysAgo, client, clientNotes) in DemoClients())
        {
            past.DaysAgo = daysAgo;
            var created = await clients.CreateAsync(client, ct);
            foreach (var (noteDaysAgo, text) in clientNotes)
            {
                past.DaysAgo = noteDaysAgo;
                await notes.AddAsync(created.Id, new ClientNoteInput(text), ct);
                noteCount++;
            }
        }
        await tx.CommitAsync(ct);
        logger.LogInformation("Demo studio {Slug} seeded", studio.Slug);
        return new DemoSeedResult(true, studio.Slug, DemoClients().Count(), noteCount);
    }

    /// <summary>The slug of the demo owner's studio, if there is one.</summary>
    public async Task<string?> FindStudioSlugAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var master = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
        return await master.OrganizationMembers.AsNoTracking()
            .Where(m => m.Role == StudioRole.Owner && master.Users.Any(u => u.Id == m.UserId && u.NormalizedEmail == Email.ToUpperInvariant()))
            .OrderBy(m => m.OrganizationId).Select(m => m.Organization.Slug).FirstOrDefaultAsync(ct);
    }

    /// <summary>Web start-up: seeds when Demo:Seed (default true) and no studio exists yet; once the server listens,
    /// prints its address and the demo login if the demo studio exists.</summary>
    public static async Task SeedAtStartupAsync(WebApplication app)
    {
        var seeder = app.Services.GetRequiredService<DemoSeeder>();
        if (app.Configuration.GetValue("Demo:Seed", true))
        {
            await using var scope = app.Services.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<MasterDbContext>().Organizations.AnyAsync())
                try
                {
                    await seeder.SeedAsync();
                }
                catch (Exception e)
                {
                    // The demo is a convenience: the app serves without it.
                    app.Logger.LogError(e, "The demo studio could not be seeded");
                }
        }
        var slug = await seeder.FindStudioSlugAsync();
        if (slug is null) return;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Console.WriteLine();
            Console.WriteLine("  Recording Studio Manager is running:");
            foreach (var address in addresses) Console.WriteLine($"    {PublicLinks.Reachable(address)}/s/{slug}/clients");
            Console.WriteLine($"  Demo login: {Email} / {Password}");
            Console.WriteLine();
        });
    }

    /// <summary>A clock set some days back, for the seed's dates.</summary>
    private sealed class PastClock(TimeProvider real) : TimeProvider
    {
        public int DaysAgo { get; set; }
        public override DateTimeOffset GetUtcNow() => real.GetUtcNow().AddDays(-DaysAgo);
    }

    private static IEnumerable<(int DaysAgo, ClientInput Client, (int DaysAgo, string Text)[] Notes)> DemoClients()
    {
        yield return (120, new ClientInput
        {
            Name = "Léa Moreau", ArtistName = "Lune Pâle", Email = "lea.moreau@example.com", Phone = "+33 6 12 34 56 78",
            City = "Lyon", Country = "France", Genres = new List<string> { "Dream pop", "Indie" }, IsVip = true,
            StreamingLinks = new List<string> { "https://open.spotify.com/artist/lunepale" }, DefaultDepositPercent = 30m, PaymentTermsDays = 30,
        }, [(110, "First EP session booked: 3 days tracking, vocals on day 3."), (60, "Loved the Neumann U47 on her voice — book it again."), (5, "Album pre-production starts next month; wants Room A.")]);
        yield return (100, new ClientInput
        {
            Type = ClientType.Company, Name = "Night Owl Records", CompanyName = "Night Owl Records SARL", Email = "booking@nightowl.example",
            SecondaryEmail = "accounts@nightowl.example", Phone = "01 45 67 89 10", AddressLine1 = "18 rue Oberkampf", City = "Paris",
            PostalCode = "75011", Country = "France", Website = "https://nightowl.example", Genres = new List<string> { "Electro", "House" },
            IsVip = true, Currency = "EUR", DefaultDepositPercent = 20m, PaymentTermsDays = 45, BillingNotes = "Invoices to accounts@, PO number required.",
        }, [(95, "Label deal: 10 % off day rates for their roster."), (20, "Send the Q3 statement to accounts@ before the 5th.")]);
        yield return (90, new ClientInput
        {
            Name = "Marcus Bell", ArtistName = "MC Bellwether", Email = "marcus.bell@example.com", Phone = "+44 20 7946 0321",
            City = "London", Country = "United Kingdom", Genres = new List<string> { "Hip-hop", "Grime" }, Currency = "GBP", PaymentTermsDays = 14,
        }, [(80, "Brings his own producer; needs the booth from 10 pm."), (12, "Mix revisions: kick too loud on track 2.")]);
        yield return (75, new ClientInput
        {
            Type = ClientType.Company, Name = "The Velvet Hours", Email = "band@velvethours.example", Phone = "06 98 76 54 32",
            Genres = new List<string> { "Rock", "Garage" }, Website = "https://velvethours.example",
            StreamingLinks = new List<string> { "https://velvethours.bandcamp.com" },
        }, [(70, "Five-piece band, live tracking in the big room."), (30, "Drummer wants to try the vintage Ludwig kit.")]);
        yield return (60, new ClientInput
        {
            Name = "Sofia Almeida", Email = "sofia.almeida@example.com", Phone = "+351 912 345 678", City = "Lisbon", Country = "Portugal",
            Genres = new List<string> { "Fado", "Jazz" }, IsVip = true, DefaultDepositPercent = 50m,
        }, [(55, "Acoustic guitar + voice, minimal overdubs."), (15, "Mastering for vinyl: ask for a separate master.")]);
        yield return (45, new ClientInput
        {
            Name = "Tom Becker", ArtistName = "Beckr", Email = "tom@beckr.example", Phone = "+49 151 2345 6789", City = "Berlin", Country = "Germany",
            Genres = new List<string> { "Techno" },
        }, [(40, "Podcast intro jingle, 2 h mixing.")]);
        yield return (30, new ClientInput
        {
            Type = ClientType.Company, Name = "Studio Ciné Lumière", CompanyName = "Ciné Lumière Productions", Email = "post@cinelumiere.example",
            Phone = "04 78 00 11 22", City = "Lyon", Country = "France", Genres = new List<string> { "Soundtrack" }, PaymentTermsDays = 60,
            BillingNotes = "Pays at 60 days end of month.",
        }, [(28, "Film score recording with a string quartet, 2 days."), (3, "Asked for a quote for the sequel's ADR sessions.")]);
        yield return (20, new ClientInput
        {
            Name = "Amara Diallo", ArtistName = "Amara", Email = "amara.diallo@example.com", Phone = "07 11 22 33 44",
            Genres = new List<string> { "Afrobeats", "R&B" },
        }, [(18, "Referred by Léa Moreau. Demo recording, 4 h.")]);
        yield return (400, new ClientInput
        {
            Name = "Jonas Weber", Email = "jonas.weber@example.com", Phone = "+41 79 123 45 67", Genres = new List<string> { "Classical" },
            IsActive = false,
        }, [(380, "Piano recital recording, archived after he moved abroad.")]);
    }
}
