using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using StudioManager.Identity;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Email;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Security;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Platform;

public sealed record InviteRequest(string? Email, StudioRole? Role);
public sealed record InvitationDto(int Id, string Email, StudioRole Role, InvitationStatus Status, string InvitedBy, DateTime CreatedAt, DateTime ExpiresAt);
public sealed record AcceptInvitationRequest(string? Token, string? Name = null, string? Password = null);
/// <summary>What the accept page shows before the invitee confirms. IsForCaller: the address has an account and the
/// caller is signed in as it (an existing account accepts only so).</summary>
public sealed record InvitationPreview(string StudioName, StudioRole Role, string Email, string InvitedBy, bool HasAccount, bool IsForCaller);
/// <summary>NewAccount: the acceptance created the account (which the caller may then sign in).</summary>
public sealed record AcceptedInvitation(User User, Organization Studio, StudioRole Role, bool NewAccount);

/// <summary>Invitations by email. The token (32 random bytes, base64url in the link) is only known to the email;
/// the database keeps its SHA-256. Pending for 7 days, single use, revocable; a new invitation to the same
/// address replaces the pending one.</summary>
public sealed class Invitations(MasterDbContext master, CurrentTenant tenant, UserManager<User> users, Outbox outbox,
    PublicLinks links, TimeProvider clock, ILogger<Invitations> logger, PlanLimits limits)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    [RequiresPermission(Permission.ManageMembers)]
    public async Task<ListPage<InvitationDto>> ListAsync(InvitationStatus? status, Paging paging, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var now = clock.GetUtcNow().UtcDateTime;
        var query = master.Invitations.AsNoTracking().Where(i => i.OrganizationId == tenant.Studio.OrganizationId);
        // A pending invitation past its expiry is expired, whether or not a row was updated yet.
        query = status switch
        {
            InvitationStatus.Pending => query.Where(i => i.Status == InvitationStatus.Pending && i.ExpiresAt > now),
            InvitationStatus.Expired => query.Where(i => i.Status == InvitationStatus.Expired || (i.Status == InvitationStatus.Pending && i.ExpiresAt <= now)),
            { } s => query.Where(i => i.Status == s),
            null => query,
        };
        var rows = await (from i in query
                          join u in master.Users on i.InvitedByUserId equals u.Id
                          orderby i.CreatedAt descending, i.Id descending
                          select new { i, u.Name }).ToListPageAsync(paging, ct);
        return rows.Map(r => ToDto(r.i, r.Name, now));
    }

    [RequiresPermission(Permission.ManageMembers)]
    public async Task<InvitationDto> GetAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var row = await (from i in master.Invitations.AsNoTracking()
                         join u in master.Users on i.InvitedByUserId equals u.Id
                         where i.Id == id && i.OrganizationId == tenant.Studio.OrganizationId
                         select new { i, u.Name }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"There is no invitation {id} in this studio.");
        return ToDto(row.i, row.Name, clock.GetUtcNow().UtcDateTime);
    }

    [RequiresPermission(Permission.ManageMembers)]
    public async Task<InvitationDto> InviteAsync(InviteRequest r, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var address = r.Email?.Trim();
        new Validation()
            .Check(Validation.IsEmail(address),
                "email", "A valid email address is required.")
            .Check(r.Role is not null, "role", "A role is required (owner, admin, engineer or accountant).")
            .ThrowIfInvalid();
        var role = r.Role!.Value;
        if (role == StudioRole.Owner && !tenant.Can(Permission.TransferOwnership)) throw new ForbiddenException("Only an owner can invite an owner.");

        var orgId = tenant.Studio.OrganizationId;
        var normalized = users.NormalizeEmail(address)!;
        if (await master.OrganizationMembers.AnyAsync(m => m.OrganizationId == orgId && m.User.NormalizedEmail == normalized, ct))
            throw new ConflictException($"{address} is already a member of this studio.");

        var now = clock.GetUtcNow().UtcDateTime;
        var token = SecretToken.New();
        var invitation = new Invitation
        {
            OrganizationId = orgId, Email = address!, Role = role, TokenHash = token.Hash, InvitedByUserId = tenant.UserId,
            Status = InvitationStatus.Pending, CreatedAt = now, ExpiresAt = now + Lifetime,
        };
        await using var tx = await master.Database.BeginTransactionAsync(ct);
        var lower = address!.ToLowerInvariant();
        await master.Invitations
            .Where(i => i.OrganizationId == orgId && i.Status == InvitationStatus.Pending && i.Email.ToLower() == lower)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InvitationStatus.Revoked), ct);
        await limits.EnsureSeatAsync(orgId, inviting: true, ct);
        master.Invitations.Add(invitation);
        // Recorded with the invitation, sent after commit: no invitation without its mail, no mail for a rolled-back one.
        RecordMail(invitation, token.Text);
        await master.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Invitation {InvitationId} to studio {StudioId} as {Role} created, its mail queued", invitation.Id, orgId, role);
        return ToDto(invitation, tenant.UserName, now);
    }

    [RequiresPermission(Permission.ManageMembers)]
    public async Task RevokeAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var invitation = await master.Invitations.SingleOrDefaultAsync(i => i.Id == id && i.OrganizationId == tenant.Studio.OrganizationId, ct)
            ?? throw new NotFoundException($"There is no invitation {id} in this studio.");
        if (invitation.Status is InvitationStatus.Accepted or InvitationStatus.Revoked)
            throw new ConflictException($"This invitation is already {invitation.Status.ToString().ToLowerInvariant()}.");
        invitation.Status = InvitationStatus.Revoked;
        await master.SaveChangesAsync(ct);
    }

    /// <summary>callerUserId: the signed-in account (cookie or bearer), null when anonymous.</summary>
    [WithoutMembership("the invitation token is the credential, and for an existing account the account signed in")]
    public async Task<InvitationPreview> PreviewAsync(string? token, int? callerUserId, CancellationToken ct = default)
    {
        var invitation = await FindUsableAsync(token, ct);
        var studio = await master.Organizations.AsNoTracking().SingleAsync(o => o.Id == invitation.OrganizationId, ct);
        var inviter = await master.Users.Where(u => u.Id == invitation.InvitedByUserId).Select(u => u.Name).SingleAsync(ct);
        var account = await users.FindByEmailAsync(invitation.Email);
        return new InvitationPreview(studio.Name, invitation.Role, invitation.Email, inviter, account is not null, account is not null && account.Id == callerUserId);
    }

    /// <summary>Adds the membership, in one transaction. An address that has an account is accepted by that account
    /// only, signed in (callerUserId): a forwarded or leaked link is no login. Otherwise the account is created first
    /// (name and password required). The invitation is claimed before anything else, so that of simultaneous requests
    /// one wins and the others get 409; a refused request rolls back and leaves it pending.</summary>
    [WithoutMembership("the invitation token is the credential, and for an existing account the account signed in")]
    public async Task<AcceptedInvitation> AcceptAsync(AcceptInvitationRequest r, int? callerUserId, CancellationToken ct = default)
    {
        var invitation = await FindUsableAsync(r.Token, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await master.Database.BeginTransactionAsync(ct);
        // On PostgreSQL a simultaneous claim waits for this transaction, then finds the invitation no longer pending.
        var claimed = await master.Invitations
            .Where(i => i.Id == invitation.Id && i.Status == InvitationStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, InvitationStatus.Accepted)
                .SetProperty(i => i.AcceptedAt, now), ct);
        if (claimed == 0) throw new ConflictException("This invitation has already been used.");

        var existing = await users.FindByEmailAsync(invitation.Email);
        if (existing is not null) CheckCallerIs(existing, r, callerUserId);
        var user = existing ?? await CreateAccountAsync(invitation.Email, r, now);
        await master.Invitations.Where(i => i.Id == invitation.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedByUserId, user.Id), ct);

        if (!await master.OrganizationMembers.AnyAsync(m => m.OrganizationId == invitation.OrganizationId && m.UserId == user.Id, ct))
        {
            await limits.EnsureSeatAsync(invitation.OrganizationId, inviting: false, ct);
            master.OrganizationMembers.Add(new OrganizationMember { OrganizationId = invitation.OrganizationId, UserId = user.Id, Role = invitation.Role, JoinedAt = now });
            await master.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        var studio = await master.Organizations.AsNoTracking().SingleAsync(o => o.Id == invitation.OrganizationId, ct);
        logger.LogInformation("Invitation {InvitationId} accepted by user {UserId}", invitation.Id, user.Id);
        return new AcceptedInvitation(user, studio, invitation.Role, existing is null);
    }

    private static void CheckCallerIs(User account, AcceptInvitationRequest r, int? callerUserId)
    {
        if (callerUserId == account.Id) return;
        if (callerUserId is not null)
            throw new ForbiddenException($"This invitation is for {account.Email}; sign in as that account to accept it.");
        // Name and password ask for a new account, but it exists (created a moment ago through another studio's invitation, say).
        if (r.Name is not null || r.Password is not null)
            throw AccountExists(account.Email!);
        throw new SignInRequiredException($"This invitation is for {account.Email}, which already has an account: sign in as that account first, then accept.");
    }

    private static ConflictException AccountExists(string address) =>
        new($"An account already exists for {address}: sign in as that account, then accept the invitation.");

    private async Task<User> CreateAccountAsync(string address, AcceptInvitationRequest r, DateTime now)
    {
        var v = new Validation()
            .Check(!string.IsNullOrWhiteSpace(r.Name), "name", "Your name is required.")
            .Check(r.Name is null || r.Name.Trim().Length <= 200, "name", "A name has at most 200 characters.")
            .Check(!string.IsNullOrEmpty(r.Password), "password", "Choose a password.");
        v.ThrowIfInvalid();
        var user = new User { UserName = address, Email = address, EmailConfirmed = true, Name = r.Name!.Trim(), CreatedAt = now };
        var created = await users.CreateAsync(user, r.Password!);
        // Another acceptance (another studio's invitation) created this account a moment ago.
        if (created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
            throw AccountExists(address);
        created.ThrowIfFailed();
        return user;
    }

    /// <summary>The pending, unexpired invitation of this token; 404 for an unknown token, 409 for a used, revoked
    /// or expired one.</summary>
    private async Task<Invitation> FindUsableAsync(string? token, CancellationToken ct)
    {
        var hash = SecretToken.HashOf(token) ?? throw new NotFoundException("This invitation link is not valid.");
        var invitation = await master.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null || !SecretToken.Matches(invitation.TokenHash, hash))
            throw new NotFoundException("This invitation link is not valid.");

        if (invitation.Status == InvitationStatus.Pending && invitation.ExpiresAt <= clock.GetUtcNow().UtcDateTime)
        {
            await master.Invitations.Where(i => i.Id == invitation.Id && i.Status == InvitationStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InvitationStatus.Expired), ct);
            invitation.Status = InvitationStatus.Expired;
        }
        return invitation.Status switch
        {
            InvitationStatus.Pending => invitation,
            InvitationStatus.Accepted => throw new ConflictException("This invitation has already been used."),
            InvitationStatus.Revoked => throw new ConflictException("This invitation was revoked. Ask the studio for a new one."),
            _ => throw new ConflictException("This invitation has expired. Ask the studio for a new one."),
        };
    }

    private void RecordMail(Invitation invitation, string token)
    {
        var studio = tenant.Studio.Name;
        var role = invitation.Role.ToString().ToLowerInvariant();
        var link = links.Absolute($"/invitations/accept?token={token}");
        var expires = invitation.ExpiresAt.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        outbox.Add(master, new EmailMessage(invitation.Email, $"{tenant.UserName} invited you to {studio} on Studio Manager",
            $"Hello,\n\n{tenant.UserName} invited you to join {studio} on Studio Manager as {role}.\n\nAccept the invitation:\n{link}\n\n" +
            $"The link works once, until {expires} (UTC).\n",
            $"<p>Hello,</p><p>{WebUtility.HtmlEncode(tenant.UserName)} invited you to join <b>{WebUtility.HtmlEncode(studio)}</b> on Studio Manager as {role}.</p>" +
            $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Accept the invitation</a></p><p>The link works once, until {expires} (UTC).</p>"), invitation.OrganizationId);
    }

    private static InvitationDto ToDto(Invitation i, string invitedBy, DateTime now) => new(i.Id, i.Email, i.Role,
        i.Status == InvitationStatus.Pending && i.ExpiresAt <= now ? InvitationStatus.Expired : i.Status, invitedBy, i.CreatedAt, i.ExpiresAt);

}
