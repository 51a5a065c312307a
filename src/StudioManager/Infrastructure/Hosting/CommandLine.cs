using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Tenancy;
using StudioManager.Platform;

namespace StudioManager.Infrastructure.Hosting;

/// <summary>Verbs of the same executable: `migrate`, `tenants list`, `seed-demo`. Same configuration as the web app.</summary>
public static class CommandLine
{
    private static readonly string[] Verbs = ["migrate", "tenants", "seed-demo"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var services = app.Services;
        switch (args)
        {
            case ["migrate", ..]:
                return await MigrateAsync(services);
            case ["tenants", "list", ..]:
                return await ListTenantsAsync(services);
            case ["seed-demo", ..]:
                return await SeedDemoAsync(services);
            default:
                Console.Error.WriteLine("usage: StudioManager [migrate | tenants list | seed-demo]");
                return 2;
        }
    }

    private static async Task<int> MigrateAsync(IServiceProvider services)
    {
        var report = await services.GetRequiredService<TenantMigrator>().MigrateAllAsync();
        Console.WriteLine($"master and template migrated; {report.Migrated} tenant(s) migrated, {report.Failures.Count} failed in {report.Elapsed.TotalSeconds:0.0}s");
        foreach (var f in report.Failures)
            Console.Error.WriteLine($"FAILED studio {f.OrganizationId} ({f.DatabaseName}): {f.Error}");
        return report.Failures.Count == 0 ? 0 : 1;
    }

    private static async Task<int> SeedDemoAsync(IServiceProvider services)
    {
        var migrated = await MigrateAsync(services);
        if (migrated != 0) return migrated;
        var result = await services.GetRequiredService<DemoSeeder>().SeedAsync();
        if (result is null)
            Console.WriteLine($"The user {DemoSeeder.Email} exists but owns no studio; nothing seeded.");
        else if (result.Created)
            Console.WriteLine($"Created the demo studio '{DemoSeeder.StudioName}' (/s/{result.Slug}) with {result.Clients} clients and {result.Notes} notes. Sign in as {DemoSeeder.Email} / {DemoSeeder.Password}.");
        else
            Console.WriteLine($"The demo studio already exists (/s/{result.Slug}); nothing to do. Sign in as {DemoSeeder.Email} / {DemoSeeder.Password}.");
        return 0;
    }

    private static async Task<int> ListTenantsAsync(IServiceProvider services)
    {
        await services.GetRequiredService<TenantMigrator>().MigrateMasterAsync();
        await using var scope = services.CreateAsyncScope();
        var master = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
        var rows = await (from t in master.TenantDatabases.AsNoTracking()
                          join o in master.Organizations on t.OrganizationId equals o.Id
                          orderby o.Id
                          select new { o.Id, o.Slug, o.Name, t.Provider, t.Server, t.DatabaseName, t.Status, t.SchemaVersion }).ToListAsync();
        Console.WriteLine($"{"id",-6}{"slug",-28}{"provider",-10}{"server",-18}{"database",-22}{"status",-11}schema");
        foreach (var r in rows)
            Console.WriteLine($"{r.Id,-6}{r.Slug,-28}{r.Provider,-10}{r.Server,-18}{r.DatabaseName,-22}{r.Status.ToString().ToLowerInvariant(),-11}{r.SchemaVersion}");
        Console.WriteLine($"{rows.Count} studio(s)");
        return 0;
    }
}
