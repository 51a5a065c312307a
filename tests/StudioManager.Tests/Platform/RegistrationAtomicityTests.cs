using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Tenancy;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

public abstract class RegistrationAtomicityTests(StudioAppFactory app)
{
    /// <summary>Throws at one chosen step of studio creation.</summary>
    private sealed class FailingHook : IStudioCreationHook
    {
        public StudioCreationStep? FailAt { get; set; }

        public ValueTask OnStepAsync(StudioCreationStep step, CancellationToken ct) =>
            step == FailAt ? throw new InvalidOperationException($"Injected failure at {step}") : ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ShouldLeaveNothingBehindWhenAnyRegistrationStepFails()
    {
        var hook = new FailingHook();
        await using var failing = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Database:MigrateOnStartup", "false");
            b.ConfigureTestServices(s => s.AddSingleton<IStudioCreationHook>(hook));
        });
        var client = failing.CreateClient();

        foreach (var step in Enum.GetValues<StudioCreationStep>())
        {
            hook.FailAt = step;
            var before = await SnapshotAsync();
            var email = StudioApi.NewEmail("atomic");

            var response = await client.PostAsJsonAsync("/api/auth/register",
                new { email, password = "Passw0rd-atomic", name = "Atomic", studioName = $"Atomic {step}" });

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal(before, await SnapshotAsync());
            await using var scope = app.Services.CreateAsyncScope();
            var master = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
            Assert.False(await master.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant()), $"user left after failing at {step}");
            Assert.False(await master.Organizations.AnyAsync(o => o.Name == $"Atomic {step}"), $"organization left after failing at {step}");
        }

        // The same registration goes through once nothing fails.
        hook.FailAt = null;
        var ok = await client.PostAsJsonAsync("/api/auth/register", new { email = StudioApi.NewEmail("atomic"), password = "Passw0rd-atomic", name = "Atomic", studioName = "Atomic Done" });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
    }

    [Fact]
    public async Task ShouldRecordAReadyTenantDatabaseAndAiCreditsOnRegistration()
    {
        var s = await app.RegisterStudioAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var master = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
        var tenant = await master.TenantDatabases.AsNoTracking().SingleAsync(t => t.OrganizationId == s.StudioId);
        Assert.Equal(TenantDatabaseStatus.Ready, tenant.Status);
        Assert.Equal(app.Provider, tenant.Provider);
        Assert.Equal(scope.ServiceProvider.GetRequiredService<TenantProvisioner>().LatestSchemaVersion(), tenant.SchemaVersion);
        Assert.True(await scope.ServiceProvider.GetRequiredService<TenantProvisioner>().ExistsAsync(tenant.Server, tenant.DatabaseName));
        var credits = await master.AiCredits.AsNoTracking().SingleAsync(c => c.OrganizationId == s.StudioId);
        Assert.True(credits.CreditsRemaining > 0);
        Assert.Equal(StudioRole.Owner, (await master.OrganizationMembers.SingleAsync(m => m.OrganizationId == s.StudioId)).Role);
    }

    /// <summary>Row counts of every table registration writes, and the tenant databases that exist on the server/disk.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var m = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
        var databases = app.Provider == DatabaseProvider.Postgres
            ? await StudioAppFactory.PgListAsync($"SELECT datname FROM pg_database WHERE datname LIKE '{app.TenantPrefix}%'")
            : Directory.GetFiles(Path.Combine(app.DataPath, "tenants"), "*.db").Select(Path.GetFileName).ToList()!;
        return $"users={await m.Users.CountAsync()} organizations={await m.Organizations.CountAsync()} " +
               $"tenant_databases={await m.TenantDatabases.CountAsync()} members={await m.OrganizationMembers.CountAsync()} " +
               $"ai_credits={await m.AiCredits.CountAsync()} databases={string.Join(",", databases.Order())}";
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RegistrationAtomicityTests_Sqlite(SqliteAppFactory app) : RegistrationAtomicityTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RegistrationAtomicityTests_Postgres(PostgresAppFactory app) : RegistrationAtomicityTests(app);
