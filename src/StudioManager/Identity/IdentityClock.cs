using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace StudioManager.Identity;

// Identity reads the wall clock (DateTimeOffset.UtcNow) for the lockout and for its data-protection tokens, while the
// cookie and bearer handlers read the app's TimeProvider. These two put the lockout and the reset links on the
// TimeProvider too, so that every expiry the product promises runs on one clock.

/// <summary>Identity's user manager with the lockout (set after repeated failures, checked at sign-in) on the app's clock.</summary>
public sealed class StudioUserManager(IUserStore<User> store, IOptions<IdentityOptions> options, IPasswordHasher<User> passwordHasher,
    IEnumerable<IUserValidator<User>> userValidators, IEnumerable<IPasswordValidator<User>> passwordValidators, ILookupNormalizer normalizer,
    IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<User>> logger, TimeProvider clock)
    : UserManager<User>(store, options, passwordHasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    public override async Task<bool> IsLockedOutAsync(User user) =>
        await GetLockoutEnabledAsync(user) && await GetLockoutEndDateAsync(user) is { } end && end >= clock.GetUtcNow();

    /// <summary>Counts a failed sign-in; the one that reaches the limit locks the account for the lockout time span.</summary>
    public override async Task<IdentityResult> AccessFailedAsync(User user)
    {
        var lockout = (IUserLockoutStore<User>)Store;
        if (await lockout.IncrementAccessFailedCountAsync(user, CancellationToken) >= Options.Lockout.MaxFailedAccessAttempts)
        {
            await lockout.SetLockoutEndDateAsync(user, clock.GetUtcNow() + Options.Lockout.DefaultLockoutTimeSpan, CancellationToken);
            await lockout.ResetAccessFailedCountAsync(user, CancellationToken);
        }
        return await UpdateUserAsync(user);
    }
}

/// <summary>Identity's data-protection token (password reset links) with its lifespan measured on the app's clock.
/// Same payload as Identity's: issue time, user id, purpose and security stamp, so any password change voids it.</summary>
public sealed class StudioTokenProvider(IDataProtectionProvider protection, IOptions<DataProtectionTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<User>> logger, TimeProvider clock)
    : DataProtectorTokenProvider<User>(protection, options, logger)
{
    public override async Task<string> GenerateAsync(string purpose, UserManager<User> manager, User user)
    {
        var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload))
        {
            writer.Write(clock.GetUtcNow().UtcTicks);
            writer.Write(await manager.GetUserIdAsync(user));
            writer.Write(purpose);
            writer.Write(await manager.GetSecurityStampAsync(user) ?? "");
        }
        return Convert.ToBase64String(Protector.Protect(payload.ToArray()));
    }

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<User> manager, User user)
    {
        DateTimeOffset expires;
        string userId, tokenPurpose, stamp;
        try
        {
            using var reader = new BinaryReader(new MemoryStream(Protector.Unprotect(Convert.FromBase64String(token))));
            expires = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero) + Options.TokenLifespan;
            userId = reader.ReadString();
            tokenPurpose = reader.ReadString();
            stamp = reader.ReadString();
            if (reader.PeekChar() != -1) return false;
        }
        catch (Exception e) when (e is FormatException or CryptographicException or EndOfStreamException or ArgumentOutOfRangeException)
        {
            return false; // not a token of ours
        }
        return clock.GetUtcNow() < expires
            && userId == await manager.GetUserIdAsync(user)
            && tokenPurpose == purpose
            && stamp == (await manager.GetSecurityStampAsync(user) ?? "");
    }
}
