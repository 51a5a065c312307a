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
    }
}
