using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StudioManager.Clients;

public enum ClientType { Individual, Company }

/// <summary>A studio's client: an artist, a band, a label (tenant table clients).</summary>
[EntityTypeConfiguration(typeof(ClientConfiguration))]
public class Client
{
    public int Id { get; set; }
    public ClientType Type { get; set; }
    public string Name { get; set; } = "";
    public string? ArtistName { get; set; }
    public string? CompanyName { get; set; }
    public string? Email { get; set; }
    public string? SecondaryEmail { get; set; }
    public string? Phone { get; set; }
    public string? SecondaryPhone { get; set; }
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? City { get; set; }
    public string? PostalCode { get; set; }
    public string? Country { get; set; }
    public string? Website { get; set; }
    /// <summary>Streaming and social profile links.</summary>
    public List<string> StreamingLinks { get; set; } = [];
    public List<string> Genres { get; set; } = [];
    /// <summary>ISO 4217; null = the studio's currency.</summary>
    public string? Currency { get; set; }
    public decimal? DefaultDepositPercent { get; set; }
    public int? PaymentTermsDays { get; set; }
    public string? BillingNotes { get; set; }
    public bool IsVip { get; set; }
    public bool IsActive { get; set; } = true;
    public bool PortalAccess { get; set; }
    /// <summary>Lower-cased name, artist name, emails, phones (as typed and digits only) and genres: what `q` searches.</summary>
    public string SearchText { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<ClientNote> Notes { get; set; } = [];
    /// <summary>The addresses this client holds in client_emails: always loaded with it, kept equal to Email and
    /// SecondaryEmail by ClaimEmails.</summary>
    public List<ClientEmail> EmailAddresses { get; set; } = [];

    /// <summary>Makes EmailAddresses the normalised Email and SecondaryEmail: an address dropped is deleted, a new one
    /// inserted, in the same SaveChanges as the client.</summary>
    internal void ClaimEmails()
    {
        var wanted = new[] { Email, SecondaryEmail }.OfType<string>().Select(ClientEmail.Normalize).Distinct().ToList();
        EmailAddresses.RemoveAll(e => !wanted.Contains(e.Address));
        foreach (var address in wanted.Where(a => EmailAddresses.All(e => e.Address != a)))
            EmailAddresses.Add(new ClientEmail { Address = address });
    }
}

/// <summary>An email address held by a client of the studio, as its email or its second email (tenant table
/// client_emails). The address is the primary key: the database lets one client only hold it, even when two requests
/// save it at the same moment.</summary>
[EntityTypeConfiguration(typeof(ClientEmailConfiguration))]
public class ClientEmail
{
    public string Address { get; set; } = "";
    public int ClientId { get; set; }

    /// <summary>Trimmed and lower-cased: addresses differing only in case are the same address.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}

public sealed class ClientEmailConfiguration : IEntityTypeConfiguration<ClientEmail>
{
    public void Configure(EntityTypeBuilder<ClientEmail> b)
    {
        b.ToTable("client_emails");
        b.HasKey(e => e.Address);
        b.Property(e => e.Address).HasMaxLength(256);
        b.HasIndex(e => e.ClientId);
    }
}

public sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> b)
    {
        b.ToTable("clients");
        b.Property(c => c.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.ArtistName).HasMaxLength(200);
        b.Property(c => c.CompanyName).HasMaxLength(200);
        b.Property(c => c.Email).HasMaxLength(256);
        b.Property(c => c.SecondaryEmail).HasMaxLength(256);
        b.Property(c => c.Phone).HasMaxLength(50);
        b.Property(c => c.SecondaryPhone).HasMaxLength(50);
        b.Property(c => c.Website).HasMaxLength(500);
        b.Property(c => c.Currency).HasMaxLength(3);
        b.Property(c => c.DefaultDepositPercent).HasPrecision(5, 2);
        b.Property(c => c.SearchText).HasMaxLength(2000);
        b.HasIndex(c => c.Email);
        b.HasIndex(c => c.Name);
        b.HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.ClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.EmailAddresses).WithOne().HasForeignKey(e => e.ClientId).OnDelete(DeleteBehavior.Cascade);
        // Tracked clients always carry their addresses, so ClaimEmails compares with what the database holds.
        b.Navigation(c => c.EmailAddresses).AutoInclude();
    }
}
