using System.Globalization;
using StudioManager.Clients;
using StudioManager.Infrastructure.Errors;

namespace StudioManager.Components.Pages.Clients;

/// <summary>The create/edit form's fields as typed; lists are one item per line (links) or comma-separated (genres).</summary>
public sealed class ClientFormModel
{
    public string Type { get; set; } = "individual";
    public string? Name { get; set; }
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
    public string? StreamingLinks { get; set; }
    public string? Genres { get; set; }
    public string? Currency { get; set; }
    public string? DefaultDepositPercent { get; set; }
    public string? PaymentTermsDays { get; set; }
    public string? BillingNotes { get; set; }
    public bool IsVip { get; set; }
    public bool IsActive { get; set; } = true;
    public bool PortalAccess { get; set; }

    public static ClientFormModel From(ClientDto c) => new()
    {
        Type = c.Type == ClientType.Company ? "company" : "individual",
        Name = c.Name, ArtistName = c.ArtistName, CompanyName = c.CompanyName, Email = c.Email, SecondaryEmail = c.SecondaryEmail,
        Phone = c.Phone, SecondaryPhone = c.SecondaryPhone, AddressLine1 = c.AddressLine1, AddressLine2 = c.AddressLine2, City = c.City,
        PostalCode = c.PostalCode, Country = c.Country, Website = c.Website, StreamingLinks = string.Join("\n", c.StreamingLinks),
        Genres = string.Join(", ", c.Genres), Currency = c.Currency,
        DefaultDepositPercent = c.DefaultDepositPercent?.ToString(CultureInfo.InvariantCulture),
        PaymentTermsDays = c.PaymentTermsDays?.ToString(CultureInfo.InvariantCulture), BillingNotes = c.BillingNotes,
        IsVip = c.IsVip, IsActive = c.IsActive, PortalAccess = c.PortalAccess,
    };

    /// <summary>Every field set (the form shows them all); numbers that do not parse are field errors.</summary>
    public ClientInput ToInput()
    {
        var v = new Validation();
        decimal? deposit = null;
        int? terms = null;
        if (!string.IsNullOrWhiteSpace(DefaultDepositPercent))
        {
            if (decimal.TryParse(DefaultDepositPercent.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) deposit = d;
            else v.Add("defaultDepositPercent", "Enter a number, e.g. 30.");
        }
        if (!string.IsNullOrWhiteSpace(PaymentTermsDays))
        {
            if (int.TryParse(PaymentTermsDays, out var t)) terms = t;
            else v.Add("paymentTermsDays", "Enter a whole number of days, e.g. 30.");
        }
        v.ThrowIfInvalid();
        return new ClientInput
        {
            Type = Type == "company" ? ClientType.Company : ClientType.Individual,
            Name = Name, ArtistName = ArtistName, CompanyName = CompanyName, Email = Email, SecondaryEmail = SecondaryEmail,
            Phone = Phone, SecondaryPhone = SecondaryPhone, AddressLine1 = AddressLine1, AddressLine2 = AddressLine2, City = City,
            PostalCode = PostalCode, Country = Country, Website = Website,
            StreamingLinks = (StreamingLinks ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            Genres = (Genres ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            Currency = Currency, DefaultDepositPercent = deposit, PaymentTermsDays = terms, BillingNotes = BillingNotes,
            IsVip = IsVip, IsActive = IsActive, PortalAccess = PortalAccess,
        };
    }
}
