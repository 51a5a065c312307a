using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Hosting;

namespace StudioManager.Clients;

/// <summary>A client as the API and pages show it.</summary>
public sealed record ClientDto(
    int Id, ClientType Type, string Name, string? ArtistName, string? CompanyName,
    string? Email, string? SecondaryEmail, string? Phone, string? SecondaryPhone,
    string? AddressLine1, string? AddressLine2, string? City, string? PostalCode, string? Country,
    string? Website, IReadOnlyList<string> StreamingLinks, IReadOnlyList<string> Genres,
    string? Currency, decimal? DefaultDepositPercent, int? PaymentTermsDays, string? BillingNotes,
    bool IsVip, bool IsActive, bool PortalAccess, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static ClientDto From(Client c) => new(
        c.Id, c.Type, c.Name, c.ArtistName, c.CompanyName, c.Email, c.SecondaryEmail, c.Phone, c.SecondaryPhone,
        c.AddressLine1, c.AddressLine2, c.City, c.PostalCode, c.Country, c.Website, c.StreamingLinks, c.Genres,
        c.Currency, c.DefaultDepositPercent, c.PaymentTermsDays, c.BillingNotes, c.IsVip, c.IsActive, c.PortalAccess,
        c.CreatedAt, c.UpdatedAt);
}

/// <summary>Body of POST and PATCH /clients. On PATCH only the fields present change and a JSON null clears one;
/// on POST absent fields take their defaults.</summary>
public sealed class ClientInput
{
    public Optional<ClientType> Type { get; set; }
    public Optional<string?> Name { get; set; }
    public Optional<string?> ArtistName { get; set; }
    public Optional<string?> CompanyName { get; set; }
    public Optional<string?> Email { get; set; }
    public Optional<string?> SecondaryEmail { get; set; }
    public Optional<string?> Phone { get; set; }
    public Optional<string?> SecondaryPhone { get; set; }
    public Optional<string?> AddressLine1 { get; set; }
    public Optional<string?> AddressLine2 { get; set; }
    public Optional<string?> City { get; set; }
    public Optional<string?> PostalCode { get; set; }
    public Optional<string?> Country { get; set; }
    public Optional<string?> Website { get; set; }
    public Optional<List<string>?> StreamingLinks { get; set; }
    public Optional<List<string>?> Genres { get; set; }
    public Optional<string?> Currency { get; set; }
    public Optional<decimal?> DefaultDepositPercent { get; set; }
    public Optional<int?> PaymentTermsDays { get; set; }
    public Optional<string?> BillingNotes { get; set; }
    public Optional<bool> IsVip { get; set; }
    public Optional<bool> IsActive { get; set; }
    public Optional<bool> PortalAccess { get; set; }
}

/// <summary>GET /clients: `q` (every word must match), `status` (active | archived; all when absent), `vip`,
/// `sort` (name, artistName, email, city, createdAt, updatedAt; "-" for descending), paging.</summary>
public sealed record ClientQuery(string? Q = null, string? Status = null, bool? Vip = null, string? Sort = null, int? Page = null, int? PageSize = null);

public sealed record ClientNoteDto(int Id, int ClientId, string Note, DateTime CreatedAt, int? CreatedBy, string? CreatedByName, DateTime? EditedAt)
{
    public static ClientNoteDto From(ClientNote n) => new(n.Id, n.ClientId, n.Note, n.CreatedAt, n.CreatedBy, n.CreatedByName, n.EditedAt);
}

/// <summary>Body of POST and PATCH /clients/{id}/notes.</summary>
public sealed record ClientNoteInput(string? Note);
