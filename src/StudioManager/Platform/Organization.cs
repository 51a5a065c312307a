using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StudioManager.Platform;

/// <summary>A studio. Its business data lives in its own tenant database (see TenantDatabase).</summary>
[EntityTypeConfiguration(typeof(OrganizationConfiguration))]
public class Organization
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";
    public string Currency { get; set; } = "EUR";
    public string Locale { get; set; } = "en";
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? City { get; set; }
    public string? PostalCode { get; set; }
    public string? Country { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? VatNumber { get; set; }
    public string? BankName { get; set; }
    public string? BankIban { get; set; }
    public string? BankBic { get; set; }
    /// <summary>Deposit asked on a session, as a percentage of its price, for clients without their own; null = none.</summary>
    public decimal? DefaultDepositPercent { get; set; }
    /// <summary>Hours before a session its client is emailed a reminder; null = no reminders.</summary>
    public int? SessionReminderHours { get; set; } = StudioSettings.DefaultReminderHours;
    /// <summary>Path of the logo file relative to the data folder, or null.</summary>
    public string? LogoPath { get; set; }
    public string PlanName { get; set; } = SubscriptionPlan.Trial;
    public string SubscriptionStatus { get; set; } = "trialing";
    public DateTime? TrialEndsAt { get; set; }
    public DateTime? CurrentPeriodEnd { get; set; }
    public string? StripeCustomerId { get; set; }
    public string? StripeSubscriptionId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("organizations");
        b.Property(o => o.Name).HasMaxLength(200);
        b.Property(o => o.Slug).HasMaxLength(63);
        b.HasIndex(o => o.Slug).IsUnique();
        b.Property(o => o.TimeZone).HasMaxLength(64);
        b.Property(o => o.Currency).HasMaxLength(3);
        b.Property(o => o.Locale).HasMaxLength(16);
        b.Property(o => o.DefaultDepositPercent).HasPrecision(5, 2);
        b.Property(o => o.PlanName).HasMaxLength(50);
        b.Property(o => o.SubscriptionStatus).HasMaxLength(30);
    }
}
