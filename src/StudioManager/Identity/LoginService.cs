using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace StudioManager.Identity;

public sealed record LoginOutcome(bool Succeeded, bool LockedOut, string? Error)
{
    public ProblemHttpResult Problem() => TypedResults.Problem(
        statusCode: LockedOut ? StatusCodes.Status423Locked : StatusCodes.Status401Unauthorized,
        title: LockedOut ? "Account locked" : "Sign-in failed", detail: Error);
}

/// <summary>Password sign-in shared by the API (bearer) and the login page (cookie): lockout after repeated failures,
/// inactive accounts refused, a fresh ticket at each login.</summary>
public sealed class LoginService(SignInManager<User> signIn, TimeProvider clock)
{
    public async Task<LoginOutcome> PasswordSignInAsync(string? email, string? password, string scheme, bool persistent, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return new LoginOutcome(false, false, "Email and password are required.");
        var user = await signIn.UserManager.FindByEmailAsync(email.Trim());
        if (user is null || !user.IsActive)
            return new LoginOutcome(false, false, "Wrong email or password.");

        signIn.AuthenticationScheme = scheme;
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
            return new LoginOutcome(false, true, "Too many failed attempts: this account is locked for a few minutes. You can reset your password by email.");
        if (!result.Succeeded)
            return new LoginOutcome(false, false, "Wrong email or password.");

        user.LastLoginAt = clock.GetUtcNow().UtcDateTime;
        await signIn.UserManager.UpdateAsync(user);
        await signIn.SignInAsync(user, isPersistent: persistent);
        return new LoginOutcome(true, false, null);
    }

    /// <summary>Signs the browser in with the cookie (after registration or accepting an invitation).</summary>
    public async Task SignInBrowserAsync(User user)
    {
        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        user.LastLoginAt = clock.GetUtcNow().UtcDateTime;
        await signIn.UserManager.UpdateAsync(user);
        await signIn.SignInAsync(user, isPersistent: true);
    }

    /// <summary>Only same-site paths: "/s/x" yes; "//evil.test", "/\evil.test" and absolute URLs no.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is ['/', ..] && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\") ? returnUrl : "/";
}
