using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Email;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;

namespace StudioManager.Identity;

public sealed record ForgotPasswordRequest(string? Email);
public sealed record ResetPasswordRequest(string? Email, string? Token, string? NewPassword);

/// <summary>Password reset by email with Identity's reset token (bound to the security stamp, so single use and
/// void after any password change). The API and the pages call these two methods.</summary>
public sealed class PasswordReset(UserManager<User> users, MasterDbContext master, Outbox outbox, PublicLinks links, ILogger<PasswordReset> logger)
{
    /// <summary>Emails a reset link when an active account has this address. Says nothing either way, so the
    /// answer cannot be used to find out who has an account.</summary>
    public async Task RequestAsync(ForgotPasswordRequest r, CancellationToken ct = default)
    {
        new Validation().Check(!string.IsNullOrWhiteSpace(r.Email), "email", "Your email address is required.").ThrowIfInvalid();
        var user = await users.FindByEmailAsync(r.Email!.Trim());
        if (user is not { IsActive: true })
        {
            logger.LogInformation("Password reset requested for an address without an active account");
            return;
        }

        var token = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        var link = links.Absolute($"/reset-password?email={Uri.EscapeDataString(user.Email!)}&token={token}");
        // Platform mail: recorded in the master database's outbox (no studio sees it), sent by the worker.
        outbox.Add(master, new EmailMessage(user.Email!, "Reset your Studio Manager password",
            $"Hello {user.Name},\n\nSomeone (hopefully you) asked to reset the password of your Studio Manager account.\n" +
            $"Choose a new password here:\n\n{link}\n\nThe link works once and for a limited time. If you did not ask, ignore this email.\n",
            $"<p>Hello {System.Net.WebUtility.HtmlEncode(user.Name)},</p><p>Someone (hopefully you) asked to reset the password of your Studio Manager account.</p>" +
            $"<p><a href=\"{System.Net.WebUtility.HtmlEncode(link)}\">Choose a new password</a></p><p>The link works once and for a limited time. If you did not ask, ignore this email.</p>"), organizationId: null);
        await master.SaveChangesAsync(ct);
        logger.LogInformation("Password reset link queued for user {UserId}", user.Id);
    }

    /// <summary>Sets the new password; unlocks the account (the lockout message points here).</summary>
    public async Task ResetAsync(ResetPasswordRequest r, CancellationToken ct = default)
    {
        var v = new Validation()
            .Check(!string.IsNullOrWhiteSpace(r.Email), "email", "Your email address is required.")
            .Check(!string.IsNullOrWhiteSpace(r.Token), "token", "The reset token is missing: open the link from the email.")
            .Check(!string.IsNullOrEmpty(r.NewPassword), "newPassword", "A new password is required.");
        v.ThrowIfInvalid();

        var user = await users.FindByEmailAsync(r.Email!.Trim());
        var token = Decode(r.Token!);
        if (user is not { IsActive: true } || token is null)
            throw new ValidationFailedException("token", InvalidLink);

        var result = await users.ResetPasswordAsync(user, token, r.NewPassword!);
        // Identity's own token message says nothing of what to do next.
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))) throw new ValidationFailedException("token", InvalidLink);
        result.ThrowIfFailed(passwordField: "newPassword");
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        logger.LogInformation("Password of user {UserId} reset", user.Id);
    }

    private const string InvalidLink = "This reset link is invalid or has expired. Ask for a new one.";

    private static string? Decode(string token)
    {
        try { return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token)); }
        catch (FormatException) { return null; }
    }
}
