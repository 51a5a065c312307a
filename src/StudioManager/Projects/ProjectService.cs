using StudioManager.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Storage;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;
using StudioManager.Scheduling;

namespace StudioManager.Projects;

/// <summary>The studio's projects: list and search, read, create, PATCH-style update, delete (with their tracks and audio).</summary>
public sealed class ProjectService(TenantDbContext db, CurrentTenant tenant, TimeProvider clock, ClientService clients, IFileStorage storage)
{
    [RequiresPermission(Permission.ViewProjects)]
    public async Task<ListPage<ProjectDto>> ListAsync(ProjectQuery query, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var status = ParseStatus(query.Status);
        var q = db.Projects.AsNoTracking();
        var clientRows = db.Clients;
        if (status is { } s) q = q.Where(p => p.Status == s);
        else if (query.Status is null or "") q = q.Where(p => p.Status != ProjectStatus.Archived);
        if (query.ClientId is { } clientId) q = q.Where(p => p.ClientId == clientId);
        foreach (var word in (query.Q ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pattern = "%" + word.ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            q = q.Where(p => EF.Functions.Like(p.Name.ToLower(), pattern, "\\") || EF.Functions.Like((p.Label ?? "").ToLower(), pattern, "\\")
                             || EF.Functions.Like((p.CatalogNumber ?? "").ToLower(), pattern, "\\")
                             || clientRows.Any(c => c.Id == p.ClientId && EF.Functions.Like(c.SearchText, pattern, "\\")));
        }
        var page = await Shape(q.OrderByDescending(p => p.UpdatedAt).ThenByDescending(p => p.Id)).ToListPageAsync(Paging.Of(query.Page, query.PageSize), ct);
        return page.Map(Hide);
    }

    [RequiresPermission(Permission.ViewProjects)]
    public async Task<ProjectDto> GetAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return await ReadAsync(id, ct);
    }

    [RequiresPermission(Permission.ManageProjects)]
    public async Task<ProjectDto> CreateAsync(ProjectInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var now = clock.StoredUtcNow();
        var project = new Project { CreatedAt = now, UpdatedAt = now };
        var v = new Validation();
        v.Check(input.ClientId.HasValue, "clientId", "A project belongs to a client.");
        Apply(project, input, v);
        v.ThrowIfInvalid();
        await EnsureClientAsync(project.ClientId, ct);
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        return await ReadAsync(project.Id, ct);
    }

    [RequiresPermission(Permission.ManageProjects)]
    public async Task<ProjectDto> UpdateAsync(int id, ProjectInput patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var project = await FindAsync(id, ct);
        var v = new Validation();
        Apply(project, patch, v);
        v.ThrowIfInvalid();
        if (patch.ClientId.HasValue) await EnsureClientAsync(project.ClientId, ct);
        project.UpdatedAt = clock.StoredUtcNow();
        await db.SaveChangesAsync(ct);
        return await ReadAsync(id, ct);
    }

    /// <summary>Deletes the project, its tracks, comments, credits, shares and audio files.</summary>
    [RequiresPermission(Permission.ManageProjects)]
    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var project = await FindAsync(id, ct);
        // Sessions are the studio's record of the work (and of what is billed): they keep their project (the foreign
        // key refuses it too, should one be booked meanwhile).
        var sessions = await db.Sessions.CountAsync(s => s.ProjectId == id, ct);
        if (sessions > 0)
            throw new ConflictException($"This project has {sessions} session(s): it cannot be deleted. Archive it instead.");
        var trackRows = db.Tracks;
        var keys = await AudioFiles.KeysAsync(db.AudioRevisions.Where(r => trackRows.Any(t => t.Id == r.TrackId && t.ProjectId == id)), ct);
        db.Projects.Remove(project);
        await db.SaveChangesAsync(ct);
        await AudioFiles.DeleteAsync(storage, keys);
    }

    internal async Task<Project> FindAsync(int id, CancellationToken ct) =>
        await db.Projects.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException($"There is no project {id}.");

    private async Task<ProjectDto> ReadAsync(int id, CancellationToken ct) =>
        Hide(await Shape(db.Projects.AsNoTracking().Where(p => p.Id == id)).FirstOrDefaultAsync(ct) ?? throw new NotFoundException($"There is no project {id}."));

    private IQueryable<ProjectDto> Shape(IQueryable<Project> q) => Shape(q, db.Clients);

    private static IQueryable<ProjectDto> Shape(IQueryable<Project> q, IQueryable<Client> clientRows) =>
        from p in q
        join c in clientRows on p.ClientId equals c.Id
        select new ProjectDto(p.Id, p.ClientId, c.Name, p.Name, p.Type, p.Status, p.StartDate, p.TargetDate, p.DeliveredDate, p.Budget,
            p.IncludedRevisions, p.Label, p.CatalogNumber, p.Notes, p.Tracks.Count, p.CreatedAt, p.UpdatedAt);

    /// <summary>The budget is money: only roles that see money read it.</summary>
    private ProjectDto Hide(ProjectDto p) => tenant.Can(Permission.ViewMoney) ? p : p with { Budget = null };

    private async Task EnsureClientAsync(int clientId, CancellationToken ct)
    {
        try { await clients.GetAsync(clientId, ct); }
        catch (NotFoundException) { throw new ValidationFailedException("clientId", $"There is no client {clientId}."); }
    }

    private static ProjectStatus? ParseStatus(string? status) =>
        status is null or "" or "all" ? null
        : Enum.GetValues<ProjectStatus>().FirstOrDefault(s => Snake(s) == status) is var parsed && Snake(parsed) == status ? parsed
        : throw new ValidationFailedException("status", $"status is all or one of {string.Join(", ", Enum.GetValues<ProjectStatus>().Select(Snake))}.");

    internal static string Snake<T>(T value) where T : Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static void Apply(Project p, ProjectInput i, Validation v)
    {
        if (i.ClientId.HasValue) p.ClientId = i.ClientId.Value;
        if (i.Name.HasValue) p.Name = Text.Clean(i.Name.Value) ?? "";
        if (i.Type.HasValue) p.Type = i.Type.Value;
        if (i.Status.HasValue) p.Status = i.Status.Value;
        if (i.StartDate.HasValue) p.StartDate = i.StartDate.Value;
        if (i.TargetDate.HasValue) p.TargetDate = i.TargetDate.Value;
        if (i.DeliveredDate.HasValue) p.DeliveredDate = i.DeliveredDate.Value;
        if (i.Budget.HasValue) p.Budget = i.Budget.Value;
        if (i.IncludedRevisions.HasValue) p.IncludedRevisions = i.IncludedRevisions.Value;
        if (i.Label.HasValue) p.Label = Text.Clean(i.Label.Value);
        if (i.CatalogNumber.HasValue) p.CatalogNumber = Text.Clean(i.CatalogNumber.Value);
        if (i.Notes.HasValue) p.Notes = Text.Clean(i.Notes.Value);
        v.Check(p.Name.Length > 0, "name", "A name is required.")
            .MaxLength("name", p.Name, 200)
            .Between("budget", p.Budget, 0, 9_999_999_999.99m, "The budget")
            .Check(p.Budget is null || decimal.Round(p.Budget.Value, 2) == p.Budget, "budget", "The budget has at most 2 decimals.")
            .Between("includedRevisions", p.IncludedRevisions, 0, 100, "Included revisions")
            .Check(p.StartDate is null || p.TargetDate is null || p.TargetDate >= p.StartDate, "targetDate", "The target date is on or after the start date.")
            .MaxLength("label", p.Label, 200)
            .MaxLength("catalogNumber", p.CatalogNumber, 50)
            .MaxLength("notes", p.Notes, 10_000);
    }
}

internal static class Text
{
    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static List<string> CleanList(IEnumerable<string?>? items) =>
        items?.Select(Clean).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
}

internal static class AudioFiles
{
    /// <summary>Every stored file of the revisions: originals and their previews.</summary>
    public static async Task<List<string>> KeysAsync(IQueryable<AudioRevision> revisions, CancellationToken ct) =>
        (await revisions.Select(r => new { r.StorageKey, r.PreviewKey }).ToListAsync(ct))
        .SelectMany(r => r.PreviewKey is { } preview ? [r.StorageKey, preview] : new[] { r.StorageKey }).ToList();

    /// <summary>After the rows are gone: a file left behind by a failure is only disk space, a row without its file is a broken player.</summary>
    public static async Task DeleteAsync(IFileStorage storage, IEnumerable<string> keys)
    {
        foreach (var key in keys)
            try { await storage.DeleteAsync(key, CancellationToken.None); }
            catch (IOException) { }
    }
}
