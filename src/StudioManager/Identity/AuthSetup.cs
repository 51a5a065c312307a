using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Identity;

/// <summary>Bound from "Auth": lockout, login and registration rate limits.</summary>
public sealed class AuthOptions
{
    public int MaxFailedAccessAttempts { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;
    /// <summary>Login attempts allowed per client IP per minute.</summary>
    public int LoginAttemptsPerMinutePerIp { get; set; } = 10;
    /// <summary>Registrations (each creates a database) allowed per client IP per hour.</summary>
    public int RegistrationsPerHourPerIp { get; set; } = 20;
}

public static class AuthSetup
{
    public const string LoginRateLimit = "login";
    public const string RegistrationRateLimit = "registration";
    private const string CookieOrBearer = "CookieOrBearer";

    public static void AddStudioAuth(this IServiceCollection services, IConfiguration config)
    {
        var auth = config.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        services.Configure<AuthOptions>(config.GetSection("Auth"));

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieOrBearer;
                o.DefaultChallengeScheme = CookieOrBearer;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            // API clients send a bearer token; the browser sends the cookie.
            .AddPolicyScheme(CookieOrBearer, "Cookie or bearer", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromHours(1);
                o.RefreshTokenExpiration = TimeSpan.FromDays(14);
            })
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "rsm.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/forbidden";
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            // The API answers 401/403; only pages redirect to the login form.
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
        });

        services.AddIdentityCore<User>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.User.AllowedUserNameCharacters += "+'";
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = true;
                o.Password.RequireDigit = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = auth.MaxFailedAccessAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(auth.LockoutMinutes);
            })
            .AddUserStore<StudioUserStore>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<StudioClaimsFactory>()
            .AddDefaultTokenProviders()
            // Lockout and reset links on the app's TimeProvider, like the cookie and bearer expiries (IdentityClock.cs).
            .AddUserManager<StudioUserManager>()
            .AddTokenProvider<StudioTokenProvider>(TokenOptions.DefaultProvider);

        // Reset links (Identity's data-protection token) expire after two hours.
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(2));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, http => AttemptsPerIp(http, a => a.LoginAttemptsPerMinutePerIp, TimeSpan.FromMinutes(1)));
            o.AddPolicy(RegistrationRateLimit, http => AttemptsPerIp(http, a => a.RegistrationsPerHourPerIp, TimeSpan.FromHours(1)));
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                var wait = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var registering = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == RegistrationRateLimit;
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts",
                    detail: registering
                        ? "Too many registrations from your address. Try again in an hour."
                        : "Too many sign-in attempts from your address. Wait a minute and try again.").ExecuteAsync(http);
            };
        });
        services.AddScoped<LoginService>();
        services.AddScoped<PasswordReset>();
        services.AddAuthorization();
    }

    /// <summary>A fixed window per client IP. Only attempts count: showing a form (GET) is never limited.</summary>
    private static RateLimitPartition<string> AttemptsPerIp(HttpContext http, Func<AuthOptions, int> permits, TimeSpan window) =>
        HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            ? RateLimitPartition.GetNoLimiter("read")
            : RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits(http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value),
                    Window = window,
                    QueueLimit = 0,
                });

    /// <summary>The browser sends the cookie with every request to this site, a cross-site form's included. Pages'
    /// forms check the antiforgery token (Blazor); any other write authenticated by the cookie must carry it too
    /// (header RequestVerificationToken), whatever the endpoint. Bearer callers send no cookie and are not concerned.</summary>
    public static IApplicationBuilder UseCookieAntiforgery(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var scheme = http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Ticket?.AuthenticationScheme;
        var endpoint = http.GetEndpoint();
        if (scheme == IdentityConstants.ApplicationScheme && endpoint is not null
            && endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>()?.RequiresValidation != true
            // The interactive islands' circuit hub: its negotiation is a cookie POST without the header; a circuit
            // only starts from a descriptor the server data-protected into one of its own pages.
            && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.SignalR.HubMetadata>() is null
            && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing or invalid",
                detail: "A request signed in with the cookie must carry the antiforgery token (header RequestVerificationToken) " +
                    "of the app's pages. API clients sign in with a bearer token instead.").ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    private static Task ApiAware(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
            ctx.Response.StatusCode = status;
        else
            ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Adds the display name to the principal so pages and logs can show it without a query.</summary>
public sealed class StudioClaimsFactory(UserManager<User> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.GivenName, user.Name));
        return identity;
    }
}
