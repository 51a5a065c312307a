using Microsoft.AspNetCore.Identity;
using StudioManager.Infrastructure.Errors;

namespace StudioManager.Identity;

/// <summary>Identity's errors as field errors, the same way for registration, invitations and password resets.</summary>
public static class IdentityErrors
{
    /// <summary>Adds each error to the field it is about: the password rules to passwordField, a taken or invalid
    /// address to "email", a bad token to "token".</summary>
    public static Validation AddIdentityErrors(this Validation v, IEnumerable<IdentityError> errors, string passwordField = "password")
    {
        foreach (var e in errors)
            v.Add(e.Code switch
            {
                _ when e.Code.Contains("Password") => passwordField,
                nameof(IdentityErrorDescriber.InvalidToken) => "token",
                _ => "email",
            }, e.Description);
        return v;
    }

    /// <summary>Throws the errors of a failed result as 400 field errors.</summary>
    public static void ThrowIfFailed(this IdentityResult result, string passwordField = "password")
    {
        if (!result.Succeeded) new Validation().AddIdentityErrors(result.Errors, passwordField).ThrowIfInvalid();
    }
}
