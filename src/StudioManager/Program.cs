using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Radzen;
using Scalar.AspNetCore;
using StudioManager.Clients;
using StudioManager.Components;
using StudioManager.Identity;
using StudioManager.Infrastructure.Audio;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Email;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Infrastructure.Storage;
using StudioManager.Infrastructure.Tenancy;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;
using StudioManager.Projects;
using StudioManager.Sales;
using StudioManager.Scheduling;

// Content (appsettings.json, static assets manifest) comes from the build output, so the app runs the same from any
// directory; the working directory only decides where ./data goes.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// Serve wwwroot and the framework's scripts from the build output's manifest in every environment (dotnet run
// starts in Production); a published app has its files in wwwroot and this is a no-op.
builder.WebHost.UseStaticWebAssets();
var database = DatabaseOptions.From(builder.Configuration);
builder.Services.AddSingleton(Options.Create(database));
builder.Services.AddSingleton(TimeProvider.System);

// Mechanisms
builder.Services.AddMasterDatabase(database);
builder.Services.AddMemoryCache();
builder.Services.AddSingleton<TenantProvisioner>();
builder.Services.AddSingleton<TenantMigrator>();
builder.Services.AddScoped<StudioDirectory>();
builder.Services.AddSingleton<EveryStudio>();
builder.Services.AddScoped<CurrentTenant>();
builder.Services.AddSingleton<ConnectionBudget>();
builder.Services.AddScoped<TenantConnection>();
builder.Services.AddTenantContextPool(database.Provider);
// Only for the studio entered in this scope (TenantResolutionMiddleware, CurrentTenant.EnterAsync); throws when none was.
builder.Services.AddScoped(sp => sp.GetRequiredService<TenantConnection>().CreateContext());
builder.Services.Configure<EmailOptions>(builder.Configuration.GetSection("Email"));
builder.Services.AddSingleton<IEmailSender, MailKitEmailSender>();
builder.Services.AddOutbox<MasterDbContext>();
builder.Services.AddSingleton<PublicLinks>();
builder.Services.AddSingleton(StorageOptions.Create(builder.Configuration, database.FullDataPath));
builder.Services.AddSingleton(builder.Configuration.GetSection("Audio").Get<AudioOptions>() ?? new AudioOptions());
builder.Services.AddSingleton<AudioAnalyzer>();
builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(database.FullDataPath, "keys")));
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(o => JsonSetup.Configure(o.SerializerOptions));
// A lambda, not a method group: only this form is intercepted by the generator that adds the XML doc comments.
builder.Services.AddOpenApi(o => OpenApiSetup.Configure(o));
// Static server rendering everywhere; the calendar is an interactive island (InteractiveServer on that component only).
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddRadzenComponents();
builder.Services.AddCascadingAuthenticationState();

// Features
builder.Services.AddStudioAuth(builder.Configuration);
builder.Services.AddScoped<StudioCreation>();
builder.Services.AddSingleton<IStudioCreationHook, LoggingStudioCreationHook>();
builder.Services.AddScoped<StudioSettings>();
builder.Services.AddScoped<PlanLimits>();
builder.Services.AddScoped<Members>();
builder.Services.AddScoped<Invitations>();
builder.Services.AddScoped<StudioOutbox>();
builder.Services.AddScoped<ClientService>();
builder.Services.AddScoped<ClientNoteService>();
builder.Services.AddScoped<ClientTransferService>();
builder.Services.AddScoped<RoomService>();
builder.Services.AddScoped<EquipmentService>();
builder.Services.AddScoped<SessionService>();
builder.Services.AddScoped<CalendarFeeds>();
builder.Services.AddSessionReminders(builder.Configuration);
builder.Services.AddScoped<ProjectService>();
builder.Services.AddScoped<TrackService>();
builder.Services.AddScoped<AudioVersionService>();
builder.Services.AddAudioPreviews(builder.Configuration);
builder.Services.AddScoped<TrackCommentService>();
builder.Services.AddScoped<MusicianService>();
builder.Services.AddScoped<TrackCreditService>();
builder.Services.AddScoped<ShareService>();
builder.Services.AddScoped<PublicShares>();
builder.Services.AddScoped<SalesSetupService>();
builder.Services.AddScoped<InvoiceService>();
builder.Services.AddScoped<InvoiceDocuments>();
builder.Services.AddScoped<ContractTemplateService>();
builder.Services.AddScoped<ContractService>();
builder.Services.AddOverdueInvoices(builder.Configuration);
builder.Services.AddScoped<SalesDocuments>();
builder.Services.AddScoped<QuoteService>();
builder.Services.AddScoped<QuoteDocuments>();
builder.Services.AddScoped<ExpenseService>();
builder.Services.AddScoped<ReportService>();
builder.Services.AddSingleton<DemoSeeder>();

var app = builder.Build();

if (CommandLine.IsCommand(args))
    return await CommandLine.RunAsync(app.Services, args, Console.Out, Console.Error);

if (database.MigrateOnStartup)
{
    var report = await app.Services.GetRequiredService<TenantMigrator>().MigrateAllAsync();
    foreach (var f in report.Failures)
        app.Logger.LogError("Studio {StudioId} database {Database} did not migrate: {Error}", f.OrganizationId, f.DatabaseName, f.Error);
}
else
{
    await app.Services.GetRequiredService<TenantMigrator>().IdentifyInstallationAsync();
}

await DemoSeeder.SeedAtStartupAsync(app);
app.Lifetime.ApplicationStarted.Register(app.Services.GetRequiredService<PublicLinks>().WarnIfUnconfigured);

app.UseExceptionHandler();
// API errors are problem details; a page that ends in 404/403 without a body shows the app's error page.
app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true));
app.UseRouting(); // after the status-code pages, so that their re-execution is routed again
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<TenantResolutionMiddleware>();
app.UseAntiforgery();
app.UseCookieAntiforgery();

app.MapStaticAssets();
app.MapOpenApi();
app.MapScalarApiReference();
app.MapAuthEndpoints();
app.MapPlatformEndpoints();
app.MapStudioOutboxEndpoints();
app.MapClientEndpoints();
app.MapSchedulingEndpoints();
app.MapCalendarEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapProjectEndpoints();
app.MapShareEndpoints();
app.MapSalesEndpoints();
app.MapContractEndpoints();
app.MapQuoteEndpoints();
app.MapExpenseEndpoints();
app.MapReportEndpoints();
app.MapRazorComponents<App>();

app.Run();
return 0;

public partial class Program;
