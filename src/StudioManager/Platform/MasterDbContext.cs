using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using StudioManager.Identity;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Email;
using StudioManager.Platform;

namespace StudioManager.Platform;

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
    public DbSet<Installation> Installation => Set<Installation>();

    /// <summary>Locks the studio's row until the current transaction ends (a no-op update takes the row lock on
    /// PostgreSQL and the write lock on SQLite): changes that count or check its members run one after another.</summary>
    public Task LockStudioAsync(int organizationId, CancellationToken ct) =>
        Organizations.Where(o => o.Id == organizationId).ExecuteUpdateAsync(s => s.SetProperty(o => o.UpdatedAt, o => o.UpdatedAt), ct);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        try { return base.SaveChanges(acceptAllChangesOnSuccess); }
        catch (DbUpdateException e) when (SaveConflicts.Translate(e) is { } lost) { throw lost; }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try { return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken); }
        catch (DbUpdateException e) when (SaveConflicts.Translate(e) is { } lost) { throw lost; }
    }

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

public static class MasterDatabase
{
    public static void AddMasterDatabase(this IServiceCollection services, DatabaseOptions options)
    {
        var cs = DbContextConfiguration.MasterConnectionString(options);
        // Pooled: every studio request reads the master (membership), so its contexts are reused rather than rebuilt.
        // The master holds the outbox: its commits wake the mail worker.
        if (options.Provider == DatabaseProvider.Postgres)
            services.AddDbContextPool<MasterDbContext, PostgresMasterDbContext>((sp, o) => o.UseNpgsql(cs).UseSnakeCaseNamingConvention()
                .AddInterceptors(sp.GetRequiredService<OutboxWakeUp>()));
        else
            services.AddDbContextPool<MasterDbContext, SqliteMasterDbContext>((sp, o) => o.UseSqlite(cs).UseSnakeCaseNamingConvention()
                .AddInterceptors(sp.GetRequiredService<OutboxWakeUp>()));
    }

    /// <summary>A master context for migrating it: straight to the server (never through PgBouncer: EF's migration
    /// lock is session state).</summary>
    public static MasterDbContext CreateForMigrations(DatabaseOptions options) => options.Provider == DatabaseProvider.Postgres
        ? new PostgresMasterDbContext(new DbContextOptionsBuilder<PostgresMasterDbContext>()
            .UseNpgsql(DbContextConfiguration.MasterConnectionString(options, direct: true)).UseSnakeCaseNamingConvention().Options)
        : new SqliteMasterDbContext(new DbContextOptionsBuilder<SqliteMasterDbContext>()
            .UseSqlite(DbContextConfiguration.MasterConnectionString(options)).UseSnakeCaseNamingConvention().Options);
}
