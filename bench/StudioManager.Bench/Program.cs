using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Tenancy;
using StudioManager.Platform.Tenancy;

// Benchmarks (see bench/README.md):
//   provisioning [runs]          (a) a studio database on PostgreSQL: template clone vs running the migrations
//   raw-search <tenant-cs> [url] (b) the baseline for GET /clients?q=: the same SQL through raw Npgsql
//   invoice-pdf [runs]           (e) PDF of a 50-line invoice: median render time and renders per second
if (args is ["invoice-pdf", ..])
{
    InvoicePdfBench.Run(args.Length > 1 ? int.Parse(args[1]) : 100);
    return;
}
if (args is ["raw-search", var tenantConnectionString, ..])
{
    await RawSearch.RunAsync(tenantConnectionString, args.Length > 2 ? args[2] : "http://127.0.0.1:5302");
    return;
}
var runs = args is ["provisioning", var n, ..] ? int.Parse(n) : 20;
var server = Environment.GetEnvironmentVariable("RSM_BENCH_POSTGRES") ?? "Host=127.0.0.1;Username=rsm;Password=rsm";
var options = new DatabaseOptions
{
    Provider = DatabaseProvider.Postgres,
    MasterConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString,
    TenantDatabasePrefix = "rsmbench_",
};
var provisioner = new TenantProvisioner(Options.Create(options), new ConnectionBudget(Options.Create(options)), NullLoggerFactory.Instance, NullLogger<TenantProvisioner>.Instance);
provisioner.UseInstallation("bench");
await provisioner.EnsureTemplateAsync(force: true);
Console.WriteLine($"tenant schema {provisioner.LatestSchemaVersion()}, {runs} runs each (+1 warm-up)");

var created = new List<string>();
try
{
    var clone = await MeasureAsync("clone", async name => await provisioner.CreateAsync(provisioner.Server, name));
    var migrate = await MeasureAsync("migrate", async name =>
    {
        await using (var admin = new NpgsqlConnection(options.MasterConnectionString))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin).ExecuteNonQueryAsync();
        }
        await using var ctx = DbContextConfiguration.CreateTenantContext(DatabaseProvider.Postgres,
            DbContextConfiguration.TenantConnectionString(options, DatabaseProvider.Postgres, provisioner.Server, name));
        await ctx.Database.MigrateAsync();
    });
    Console.WriteLine($"template clone : median {clone.Median,7:0.0} ms  (min {clone.Min:0.0}, max {clone.Max:0.0})");
    Console.WriteLine($"run migrations : median {migrate.Median,7:0.0} ms  (min {migrate.Min:0.0}, max {migrate.Max:0.0})");
    Console.WriteLine($"clone is {migrate.Median / clone.Median:0.0}x faster");
}
finally
{
    // The "migrate" runs' databases are not the provisioner's (unmarked): dropped here directly.
    await using var admin = new NpgsqlConnection(options.MasterConnectionString);
    await admin.OpenAsync();
    foreach (var name in created) await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
    await provisioner.DropAsync(provisioner.Server, provisioner.TemplateDatabaseName);
}

async Task<(double Median, double Min, double Max)> MeasureAsync(string label, Func<string, Task> provision)
{
    var times = new List<double>();
    for (var i = 0; i <= runs; i++)
    {
        var name = $"rsmbench_{label}_{i}";
        created.Add(name);
        var watch = Stopwatch.StartNew();
        await provision(name);
        watch.Stop();
        if (i > 0) times.Add(watch.Elapsed.TotalMilliseconds); // run 0 warms up connections and JIT
    }
    times.Sort();
    var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
    return (median, times[0], times[^1]);
}
