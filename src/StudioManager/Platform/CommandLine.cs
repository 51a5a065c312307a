using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Platform;

/// <summary>Verbs of the same executable: `migrate`, `tenants list`, `seed-demo`. Same configuration as the web app.</summary>
public static class CommandLine
{
    private static readonly string[] Verbs = ["migrate", "tenants", "seed-demo"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    /// <summary>Runs a verb against the app's services, writing to the given streams (tests pass their own).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        switch (args)
        {
            case ["migrate", ..]:
                return await MigrateAsync(services, output, error);
            case ["tenants", "list", ..]:
                return await ListTenantsAsync(services, output);
            case ["seed-demo", ..]:
                return await SeedDemoAsync(services, output, error);
            default:
                await error.WriteLineAsync("usage: StudioManager [migrate | tenants list | seed-demo]");
                return 2;
        }
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var report = await services.GetRequiredService<TenantMigrator>().MigrateAllAsync();
        await output.WriteLineAsync($"master and template migrated; {report.Migrated} tenant(s) migrated, {report.Failures.Count} failed in {report.Elapsed.TotalSeconds:0.0}s");
        if (report.TemplateError is not null) await error.WriteLineAsync($"FAILED template: {report.TemplateError}");
        foreach (var f in report.Failures)
            await error.WriteLineAsync($"FAILED studio {f.OrganizationId} ({f.DatabaseName}): {f.Error}");
        return report.Succeeded ? 0 : 1;
    }

    private static async Task<int> SeedDemoAsync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var migrated = await MigrateAsync(services, output, error);
        if (migrated != 0) return migrated;
        var result = await services.GetRequiredService<DemoSeeder>().SeedAsync();
        if (result is null)
            await output.WriteLineAsync($"The user {DemoSeeder.Email} exists but owns no studio; nothing seeded.");
        else if (result.Created)
            await output.WriteLineAsync($"Created the demo studio '{DemoSeeder.StudioName}' (/s/{result.Slug}) with {result.Clients} clients and {result.Notes} notes. Sign in as {DemoSeeder.Email} / {DemoSeeder.Password}.");
        else
            await output.WriteLineAsync($"The demo studio already exists (/s/{result.Slug}); nothing to do. Sign in as {DemoSeeder.Email} / {DemoSeeder.Password}.");
        return 0;
    }

    private static async Task<int> ListTenantsAsync(IServiceProvider services, TextWriter output)
    {
        await services.GetRequiredService<TenantMigrator>().MigrateMasterAsync();
        await using var scope = services.CreateAsyncScope();
        var master = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
        var rows = await (from t in master.TenantDatabases.AsNoTracking()
                          join o in master.Organizations on t.OrganizationId equals o.Id
                          orderby o.Id
                          select new { o.Id, o.Slug, o.Name, t.Provider, t.Server, t.DatabaseName, t.Status, t.SchemaVersion }).ToListAsync();
        string[] header = ["id", "slug", "provider", "server", "database", "status", "schema"];
        var lines = rows.Select(r => new[] { r.Id.ToString(), r.Slug, r.Provider.ToString(), r.Server, r.DatabaseName,
            r.Status.ToString().ToLowerInvariant(), r.SchemaVersion ?? "" }).Prepend(header).ToList();
        var widths = header.Select((_, i) => lines.Max(l => l[i].Length)).ToArray();
        foreach (var line in lines)
            await output.WriteLineAsync(string.Join("  ", line.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        await output.WriteLineAsync($"{rows.Count} studio(s)");
        return 0;
    }
}
