using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StudioManager.Platform;

/// <summary>A plan and its limits (table subscription_plans). Null limit = unlimited. Seeded by migration.</summary>
[EntityTypeConfiguration(typeof(SubscriptionPlanConfiguration))]
public class SubscriptionPlan
{
    public const string Trial = "trial";

    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public decimal MonthlyPrice { get; set; }
    public decimal YearlyPrice { get; set; }
    public string? StripeMonthlyPriceId { get; set; }
    public string? StripeYearlyPriceId { get; set; }
    public int? MaxMembers { get; set; }
    public int? MaxClients { get; set; }
    public int? MaxRooms { get; set; }
    public int? MaxSessionsPerMonth { get; set; }
    public int? StorageGb { get; set; }
    public int AiCreditsPerMonth { get; set; }
    /// <summary>Comma-separated feature keys.</summary>
    public string Features { get; set; } = "";
    public bool IsActive { get; set; } = true;
}

public sealed class SubscriptionPlanConfiguration : IEntityTypeConfiguration<SubscriptionPlan>
{
    public void Configure(EntityTypeBuilder<SubscriptionPlan> b)
    {
        b.ToTable("subscription_plans");
        b.Property(p => p.Name).HasMaxLength(50);
        b.HasIndex(p => p.Name).IsUnique();
        b.Property(p => p.DisplayName).HasMaxLength(100);
        b.Property(p => p.MonthlyPrice).HasPrecision(10, 2);
        b.Property(p => p.YearlyPrice).HasPrecision(10, 2);
        // A trial lets a studio try every role (owner, admin, engineer, accountant) and bring its client list.
        b.HasData(
            new SubscriptionPlan { Id = 1, Name = SubscriptionPlan.Trial, DisplayName = "Trial (14 days)", MonthlyPrice = 0m, YearlyPrice = 0m, MaxMembers = 5, MaxClients = 500, MaxRooms = 2, MaxSessionsPerMonth = 50, StorageGb = 5, AiCreditsPerMonth = 100, Features = "clients,scheduling,projects,invoicing,portal,assistant" },
            new SubscriptionPlan { Id = 2, Name = "starter", DisplayName = "Starter", MonthlyPrice = 29m, YearlyPrice = 290m, MaxMembers = 3, MaxClients = 1000, MaxRooms = 2, MaxSessionsPerMonth = 100, StorageGb = 20, AiCreditsPerMonth = 200, Features = "clients,scheduling,projects,invoicing,portal" },
            new SubscriptionPlan { Id = 3, Name = "pro", DisplayName = "Pro", MonthlyPrice = 79m, YearlyPrice = 790m, MaxMembers = 10, MaxClients = 10000, MaxRooms = 6, MaxSessionsPerMonth = 500, StorageGb = 200, AiCreditsPerMonth = 1000, Features = "clients,scheduling,projects,invoicing,portal,assistant,online_payments,shares" },
            new SubscriptionPlan { Id = 4, Name = "enterprise", DisplayName = "Enterprise", MonthlyPrice = 199m, YearlyPrice = 1990m, MaxMembers = null, MaxClients = null, MaxRooms = null, MaxSessionsPerMonth = null, StorageGb = 1000, AiCreditsPerMonth = 5000, Features = "clients,scheduling,projects,invoicing,portal,assistant,online_payments,shares,api,sso" });
    }
}
