using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using StudioManager.Identity;
using StudioManager.Infrastructure.Email;
using StudioManager.Platform;

namespace StudioManager.Infrastructure.Data;

/// <summary>The platform database (rsm_master): staff accounts through Identity, studios and where their databases live.
/// One subclass per provider carries that provider's migrations.</summary>
public abstract class MasterDbContext(DbContextOptions options) : IdentityUserContext<User, int>(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<TenantDatabase> TenantDatabases => Set<TenantDatabase>();
    public DbSet<OrganizationMember> OrganizationMembers => Set<OrganizationMember>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<SubscriptionPlan> SubscriptionPlans => Set<SubscriptionPlan>();
    public DbSet<AiCredit> AiCredits => Set<AiCredit>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<User>(b =>
        {
            b.ToTable("users");
            b.Property(u => u.Name).HasMaxLength(200);
            b.HasIndex(u => u.NormalizedEmail).IsUnique();
        });
        builder.Entity<IdentityUserClaim<int>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<int>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<int>>().ToTable("user_tokens");
    }
}

public sealed class PostgresMasterDbContext(DbContextOptions<PostgresMasterDbContext> options) : MasterDbContext(options);

public sealed class SqliteMasterDbContext(DbContextOptions<SqliteMasterDbContext> options) : MasterDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }
}
