using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StudioManager.Infrastructure.Data;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Tests.Infrastructure;

/// <summary>Direct access to the app's databases, for arranging what no endpoint does and checking what was stored.</summary>
public static class Databases
{
    /// <summary>A context on the studio's own database, opened as the app opens it. Dispose it.</summary>
    public static async Task<TenantDbContext> TenantDbAsync(this StudioAppFactory app, string slug)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var studio = await scope.ServiceProvider.GetRequiredService<StudioDirectory>().FindAsync(slug)
            ?? throw new InvalidOperationException($"There is no studio '{slug}'.");
        return DbContextConfiguration.CreateTenantContext(app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value,
            studio.Provider, studio.Server, studio.DatabaseName);
    }

    /// <summary>Runs work on the master database through the app's own context.</summary>
    public static async Task InMasterAsync(this StudioAppFactory app, Func<MasterDbContext, Task> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<MasterDbContext>());
    }
}
