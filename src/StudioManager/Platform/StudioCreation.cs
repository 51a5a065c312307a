using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using StudioManager.Identity;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Tenancy;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Platform;

public sealed record RegisterRequest(string? Email, string? Password, string? Name, string? StudioName, string? TimeZone = null, string? Currency = null);
public sealed record CreateStudioRequest(string? Name, string? TimeZone = null, string? Currency = null);

/// <summary>The steps of creating a studio, in order. A hook sees each one (tests make each fail in turn).</summary>
public enum StudioCreationStep { User, Organization, TenantDatabase, Membership, AiCredits, Commit }

public interface IStudioCreationHook
{
    ValueTask OnStepAsync(StudioCreationStep step, CancellationToken ct);
}

public sealed class LoggingStudioCreationHook(ILogger<LoggingStudioCreationHook> logger) : IStudioCreationHook
{
    public ValueTask OnStepAsync(StudioCreationStep step, CancellationToken ct)
    {
        logger.LogDebug("Studio creation step {Step}", step);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Registration and "new studio": user (when registering), organization, tenant database, owner membership
/// and AI credits, all or nothing. The master rows share one transaction; the tenant database, which cannot join it,
/// is dropped again if anything after its creation fails.</summary>
public sealed class StudioCreation(
    MasterDbContext master,
    UserManager<User> users,
    TenantProvisioner provisioner,
    IStudioCreationHook hook,
    TimeProvider clock,
    ILogger<StudioCreation> logger)
{
    public const string DefaultTimeZone = "Europe/Paris";
    public const string DefaultCurrency = "EUR";

    public async Task<(User User, Organization Studio)> RegisterAsync(RegisterRequest r, CancellationToken ct = default)
    {
        var v = new Validation();
        v.Check(Validation.IsEmail(r.Email?.Trim()), "email", "A valid email address is required.");
        v.Check(!string.IsNullOrWhiteSpace(r.Password), "password", "A password is required.");
        v.Check(!string.IsNullOrWhiteSpace(r.Name), "name", "Your name is required.");
        StudioSettingsRules.CheckName(v, "studioName", r.StudioName);
        StudioSettingsRules.CheckTimeZone(v, "timeZone", r.TimeZone);
        StudioSettingsRules.CheckCurrency(v, "currency", r.Currency);
        if (!string.IsNullOrWhiteSpace(r.Password))
            foreach (var validator in users.PasswordValidators)
            {
                v.AddIdentityErrors((await validator.ValidateAsync(users, new User(), r.Password)).Errors);
            }
        v.ThrowIfInvalid();
        if (await users.FindByEmailAsync(r.Email!.Trim()) is not null)
            throw new ValidationFailedException("email", "An account already exists for this email. Sign in instead.");

        return await InTransactionAsync(async () =>
        {
            await hook.OnStepAsync(StudioCreationStep.User, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var user = new User { UserName = r.Email.Trim(), Email = r.Email.Trim(), Name = r.Name!.Trim(), CreatedAt = now };
            (await users.CreateAsync(user, r.Password!)).ThrowIfFailed();
            return (user, new CreateStudioRequest(r.StudioName, r.TimeZone, r.Currency));
        }, ct);
    }

    public async Task<Organization> CreateForAsync(int userId, CreateStudioRequest r, CancellationToken ct = default)
    {
        var v = new Validation();
        StudioSettingsRules.CheckName(v, "name", r.Name);
        StudioSettingsRules.CheckTimeZone(v, "timeZone", r.TimeZone);
        StudioSettingsRules.CheckCurrency(v, "currency", r.Currency);
        v.ThrowIfInvalid();
        var user = await master.Users.SingleOrDefaultAsync(u => u.Id == userId, ct) ?? throw new SignInRequiredException(AuthEndpoints.AccountGone);
        var (_, studio) = await InTransactionAsync(() => Task.FromResult((user, r)), ct);
        return studio;
    }

    /// <summary>Runs the user step (if any) and the studio steps in one master transaction, with compensation.</summary>
    private async Task<(User, Organization)> InTransactionAsync(Func<Task<(User, CreateStudioRequest)>> userStep, CancellationToken ct)
    {
        (string Server, string Name)? created = null;
        await using var tx = await master.Database.BeginTransactionAsync(ct);
        try
        {
            var (user, r) = await userStep();
            var now = clock.GetUtcNow().UtcDateTime;

            await hook.OnStepAsync(StudioCreationStep.Organization, ct);
            var org = new Organization
            {
                Name = r.Name!.Trim(),
                Slug = await UniqueSlugAsync(StudioSettingsRules.Slugify(r.Name!), ct),
                TimeZone = r.TimeZone ?? DefaultTimeZone,
                Currency = (r.Currency ?? DefaultCurrency).ToUpperInvariant(),
                PlanName = SubscriptionPlan.Trial,
                SubscriptionStatus = "trialing",
                TrialEndsAt = now.AddDays(14),
                CreatedAt = now,
                UpdatedAt = now,
            };
            master.Organizations.Add(org);
            await master.SaveChangesAsync(ct);

            await hook.OnStepAsync(StudioCreationStep.TenantDatabase, ct);
            var tenant = new TenantDatabase
            {
                OrganizationId = org.Id,
                Provider = provisioner.Provider,
                Server = await PlaceAsync(ct),
                DatabaseName = provisioner.DatabaseNameFor(org.Id),
                Status = TenantDatabaseStatus.Provisioning,
                CreatedAt = now,
                UpdatedAt = now,
            };
            master.TenantDatabases.Add(tenant);
            await master.SaveChangesAsync(ct);
            tenant.DatabaseName = await provisioner.CreateAsync(tenant.Server, tenant.DatabaseName, ct);
            created = (tenant.Server, tenant.DatabaseName);
            tenant.Status = TenantDatabaseStatus.Ready;
            tenant.SchemaVersion = provisioner.LatestSchemaVersion();

            await hook.OnStepAsync(StudioCreationStep.Membership, ct);
            master.OrganizationMembers.Add(new OrganizationMember { OrganizationId = org.Id, UserId = user.Id, Role = StudioRole.Owner, JoinedAt = now });

            await hook.OnStepAsync(StudioCreationStep.AiCredits, ct);
            var plan = await master.SubscriptionPlans.SingleAsync(p => p.Name == org.PlanName, ct);
            master.AiCredits.Add(new AiCredit
            {
                OrganizationId = org.Id,
                CreditsRemaining = plan.AiCreditsPerMonth,
                PeriodStart = now,
                PeriodEnd = now.AddMonths(1),
                UpdatedAt = now,
                Ledger = [new AiCreditLedgerEntry { At = now, Amount = plan.AiCreditsPerMonth, Reason = $"{plan.Name} plan grant" }],
            });
            await master.SaveChangesAsync(ct);

            await hook.OnStepAsync(StudioCreationStep.Commit, ct);
            await tx.CommitAsync(ct);
            logger.LogInformation("Studio {StudioId} ({Slug}) created with database {Database}", org.Id, org.Slug, tenant.DatabaseName);
            return (user, org);
        }
        catch
        {
            await tx.RollbackAsync(CancellationToken.None);
            master.ChangeTracker.Clear();
            if (created is { } c) await provisioner.DropAsync(c.Server, c.Name, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Where a new studio's database goes: the studio server with the fewest studios (the master's on a tie).</summary>
    private async Task<string> PlaceAsync(CancellationToken ct)
    {
        var servers = provisioner.Servers;
        if (servers.Count == 1) return servers[0];
        var load = await master.TenantDatabases.Where(t => t.Status != TenantDatabaseStatus.Deleted)
            .GroupBy(t => t.Server).Select(g => new { Server = g.Key, Studios = g.Count() })
            .ToDictionaryAsync(g => g.Server, g => g.Studios, ct);
        return servers.OrderBy(s => load.GetValueOrDefault(s)).First();
    }

    private async Task<string> UniqueSlugAsync(string baseSlug, CancellationToken ct)
    {
        var taken = await master.Organizations.Where(o => o.Slug == baseSlug || o.Slug.StartsWith(baseSlug + "-"))
            .Select(o => o.Slug).ToListAsync(ct);
        if (!taken.Contains(baseSlug) && !ReservedSlugs.Contains(baseSlug)) return baseSlug;
        for (var i = 2; ; i++)
            if (!taken.Contains($"{baseSlug}-{i}")) return $"{baseSlug}-{i}";
    }

    private static readonly HashSet<string> ReservedSlugs = ["api", "admin", "new", "login", "register", "portal", "settings"];
}
