using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Identity;

public sealed record LoginRequest(string? Email, string? Password);
public sealed record RefreshRequest(string? RefreshToken);
public sealed record UserDto(int Id, string Email, string Name);
public sealed record StudioRefDto(int Id, string Slug, string Name);
public sealed record RegisterResponse(UserDto User, StudioRefDto Studio);
public sealed record MyStudioDto(int Id, string Slug, string Name, string Role);
public sealed record MeResponse(UserDto User, IReadOnlyList<MyStudioDto> Studios);

public static class AuthEndpoints
{
    /// <summary>For a valid cookie or token whose account was deleted since.</summary>
    public const string AccountGone = "Your account no longer exists. Sign in again.";

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth")
            .WithTag("Auth", "Accounts, signing in (a bearer token for API clients, the cookie for the browser) and password reset.");
        auth.MapPost("/register", Register).RequireRateLimiting(AuthSetup.RegistrationRateLimit);
        auth.MapPost("/login", Login).RequireRateLimiting(AuthSetup.LoginRateLimit).Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status423Locked);
        auth.MapPost("/refresh", Refresh).Produces<AccessTokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/forgot-password", ForgotPassword).RequireRateLimiting(AuthSetup.LoginRateLimit);
        auth.MapPost("/reset-password", ResetPassword).RequireRateLimiting(AuthSetup.LoginRateLimit);
        auth.MapPost("/logout", Logout).RequireAuthorization();
        app.MapGet("/api/me", Me).RequireAuthorization().WithTags("Auth");
        // The layout's "Sign out" form.
        app.MapPost("/logout", SignOutPage).ExcludeFromDescription();
    }

    /// <summary>Creates the account and its first studio; signs the browser in with the cookie.</summary>
    public static async Task<Created<RegisterResponse>> Register(RegisterRequest request, StudioCreation creation,
        LoginService login, CancellationToken ct)
    {
        var (user, studio) = await creation.RegisterAsync(request, ct);
        await login.SignInBrowserAsync(user);
        return TypedResults.Created($"/api/studios/{studio.Slug}",
            new RegisterResponse(new UserDto(user.Id, user.Email!, user.Name), new StudioRefDto(studio.Id, studio.Slug, studio.Name)));
    }

    /// <summary>Signs in: a bearer token and a refresh token for API clients.</summary>
    /// <remarks>The web pages sign in through the login form, with the cookie.</remarks>
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Login(LoginRequest request, LoginService login, CancellationToken ct)
    {
        var outcome = await login.PasswordSignInAsync(request.Email, request.Password, IdentityConstants.BearerScheme, persistent: false, ct);
        return outcome.Succeeded ? TypedResults.Empty : outcome.Problem();
    }

    /// <summary>Trades a refresh token for a new bearer token and refresh token.</summary>
    public static async Task<Results<SignInHttpResult, ChallengeHttpResult>> Refresh(RefreshRequest request,
        IOptionsMonitor<BearerTokenOptions> bearer, SignInManager<User> signIn, TimeProvider clock)
    {
        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { IsActive: true } user)
            return TypedResults.Challenge();
        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    /// <summary>Emails a link to reset the password.</summary>
    /// <remarks>Always 202, whether or not the address has an account.</remarks>
    public static async Task<Accepted> ForgotPassword(ForgotPasswordRequest request, PasswordReset reset, CancellationToken ct)
    {
        await reset.RequestAsync(request, ct);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>Sets a new password with the token of the emailed link.</summary>
    public static async Task<NoContent> ResetPassword(ResetPasswordRequest request, PasswordReset reset, CancellationToken ct)
    {
        await reset.ResetAsync(request, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Signs the browser out (ends the cookie session).</summary>
    public static async Task<NoContent> Logout(SignInManager<User> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    public static async Task<RedirectHttpResult> SignOutPage(HttpContext http, IAntiforgery antiforgery, SignInManager<User> signIn)
    {
        await antiforgery.ValidateRequestAsync(http);
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/login");
    }

    /// <summary>The signed-in user and their studios, with their role in each.</summary>
    public static async Task<Ok<MeResponse>> Me(ClaimsPrincipal principal, StudioDirectory directory, UserManager<User> users, CancellationToken ct)
    {
        var user = await users.GetUserAsync(principal) ?? throw new SignInRequiredException(AccountGone);
        var studios = await directory.StudiosOfAsync(user.Id, ct);
        return TypedResults.Ok(new MeResponse(new UserDto(user.Id, user.Email!, user.Name),
            studios.Select(s => new MyStudioDto(s.Id, s.Slug, s.Name, s.Role.ToString().ToLowerInvariant())).ToList()));
    }
}
