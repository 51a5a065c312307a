using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Email;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Time;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Projects;

/// <summary>The studio's share links: a public player for a track version or a whole project, with an expiry, an
/// optional password, a view limit, and download allowed or streaming only. Revocable. The token ("{studio}.{secret}")
/// is shown once and stored hashed.</summary>
public sealed class ShareService(TenantDbContext db, CurrentTenant tenant, TimeProvider clock, TrackService tracks, ProjectService projects, PublicLinks links)
{
    /// <summary>The studio's links (of one track or project when given), newest first.</summary>
    [RequiresPermission(Permission.ViewProjects)]
    public async Task<List<ShareDto>> ListAsync(int? trackId, int? projectId, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var q = db.ShareLinks.AsNoTracking();
        if (trackId is { } t) q = q.Where(s => s.TrackId == t);
        if (projectId is { } p) q = q.Where(s => s.ProjectId == p);
        var now = clock.GetUtcNow().UtcDateTime;
        return (await q.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).ToListAsync(ct)).Select(s => Dto(s, now, null)).ToList();
    }

    /// <summary>Creates a link; its answer carries the URL, which is never shown again.</summary>
    [RequiresPermission(Permission.ManageProjects)]
    public async Task<ShareDto> CreateAsync(ShareInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Validation();
        v.Check(input.TrackId is null != input.ProjectId is null, "trackId", "Share a track (trackId) or a project (projectId), one of them.")
            .Check(input.VersionKind is null || input.TrackId is not null, "versionKind", "A version is chosen for a track only.")
            .Check(input.ExpiresAt is null || input.ExpiresAt > now, "expiresAt", "The expiry is in the future.")
            .Between("maxViews", input.MaxViews, 1, 1_000_000, "The view limit")
            .Check(input.Password is null || input.Password.Length is >= 4 and <= 200, "password", "A password has 4 to 200 characters.");
        v.ThrowIfInvalid();
        var kind = input.VersionKind is null ? (VersionKind?)null : VersionKinds.Parse("versionKind", input.VersionKind);
        if (input.TrackId is { } trackId) await tracks.FindAsync(trackId, ct);
        if (input.ProjectId is { } projectId) await projects.FindAsync(projectId, ct);

        var token = $"{tenant.Studio.Slug}.{Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
        var share = new ShareLink
        {
            TokenHash = HashToken(token), TrackId = input.TrackId, ProjectId = input.ProjectId, VersionKind = kind,
            ExpiresAt = input.ExpiresAt?.ToUniversalTime(), PasswordHash = input.Password is { } pw ? SharePasswords.Hash(pw) : null,
            MaxViews = input.MaxViews, AllowDownload = input.AllowDownload,
            CreatedAt = clock.StoredUtcNow(), CreatedBy = tenant.UserId, CreatedByName = tenant.UserName,
        };
        db.ShareLinks.Add(share);
        await db.SaveChangesAsync(ct);
        return Dto(share, now, links.Absolute("/share/" + token));
    }

    /// <summary>Revokes a link: it serves nothing from now on.</summary>
    [RequiresPermission(Permission.ManageProjects)]
    public async Task<ShareDto> RevokeAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var share = await db.ShareLinks.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException($"There is no share link {id}.");
        share.RevokedAt ??= clock.StoredUtcNow();
        await db.SaveChangesAsync(ct);
        return Dto(share, clock.GetUtcNow().UtcDateTime, null);
    }

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    internal static ShareState StateOf(ShareLink s, DateTime now) =>
        s.RevokedAt is not null ? ShareState.Revoked
        : s.ExpiresAt is { } expiry && expiry <= now ? ShareState.Expired
        : s.MaxViews is { } max && s.Views >= max ? ShareState.UsedUp
        : ShareState.Active;

    private static ShareDto Dto(ShareLink s, DateTime now, string? url) => new(s.Id, s.TrackId, s.ProjectId, s.VersionKind, s.ExpiresAt,
        s.PasswordHash is not null, s.MaxViews, s.Views, s.AllowDownload, StateOf(s, now), s.CreatedAt, s.CreatedByName, s.RevokedAt, url);
}

/// <summary>Share passwords, hashed as account passwords are (ASP.NET Core Identity's hasher: salted PBKDF2, its format
/// versioned, compared in constant time). The hasher keys nothing on the link itself.</summary>
public static class SharePasswords
{
    private static readonly PasswordHasher<ShareLink> Hasher = new();
    private static readonly ShareLink Any = new();

    public static string Hash(string password) => Hasher.HashPassword(Any, password);

    public static bool Verify(string? password, string stored) =>
        password is not null && Hasher.VerifyHashedPassword(Any, stored, password) != PasswordVerificationResult.Failed;
}
