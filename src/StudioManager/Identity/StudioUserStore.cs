using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;
using StudioManager.Platform;

namespace StudioManager.Identity;

/// <summary>Identity's EF store, with one change: an account that another request created a moment earlier with the
/// same email (Identity's duplicate check could not see it yet, the unique index does) is reported as a duplicate,
/// like the check would have, instead of escaping as a database exception.</summary>
public sealed class StudioUserStore(MasterDbContext context, IdentityErrorDescriber? describer = null)
    : UserOnlyStore<User, MasterDbContext, int>(context, describer)
{
    public override async Task<IdentityResult> CreateAsync(User user, CancellationToken ct = default)
    {
        try
        {
            return await base.CreateAsync(user, ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            Context.Entry(user).State = EntityState.Detached;
            return IdentityResult.Failed(ErrorDescriber.DuplicateEmail(user.Email ?? ""));
        }
    }
}
