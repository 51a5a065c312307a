using StudioManager.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Clients;

/// <summary>A client's notes timeline: newest first, authored by the signed-in member; an edit keeps the original
/// date and author and records EditedAt.</summary>
public sealed class ClientNoteService(TenantDbContext db, CurrentTenant tenant, TimeProvider clock)
{
    public const int MaxLength = 10_000;

    [RequiresPermission(Permission.ViewClients)]
    public async Task<List<ClientNoteDto>> ListAsync(int clientId, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        await EnsureClientAsync(clientId, ct);
        var notes = await db.ClientNotes.AsNoTracking().Where(n => n.ClientId == clientId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).ToListAsync(ct);
        return notes.Select(ClientNoteDto.From).ToList();
    }

    [RequiresPermission(Permission.ManageClients)]
    public async Task<ClientNoteDto> AddAsync(int clientId, ClientNoteInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var text = Validate(input);
        await EnsureClientAsync(clientId, ct);
        var note = new ClientNote
        {
            ClientId = clientId,
            Note = text,
            CreatedAt = clock.StoredUtcNow(),
            CreatedBy = tenant.UserId,
            CreatedByName = tenant.UserName,
        };
        db.ClientNotes.Add(note);
        await db.SaveChangesAsync(ct);
        return ClientNoteDto.From(note);
    }

    [RequiresPermission(Permission.ManageClients)]
    public async Task<ClientNoteDto> EditAsync(int clientId, int noteId, ClientNoteInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var text = Validate(input);
        var note = await FindAsync(clientId, noteId, ct);
        if (note.Note != text)
        {
            note.Note = text;
            note.EditedAt = clock.StoredUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return ClientNoteDto.From(note);
    }

    [RequiresPermission(Permission.ManageClients)]
    public async Task DeleteAsync(int clientId, int noteId, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        db.ClientNotes.Remove(await FindAsync(clientId, noteId, ct));
        await db.SaveChangesAsync(ct);
    }

    private static string Validate(ClientNoteInput input)
    {
        var text = input.Note?.Trim() ?? "";
        new Validation()
            .Check(text.Length > 0, "note", "The note is empty.")
            .Check(text.Length <= MaxLength, "note", $"A note has at most {MaxLength:N0} characters.")
            .ThrowIfInvalid();
        return text;
    }

    private async Task EnsureClientAsync(int clientId, CancellationToken ct)
    {
        if (!await db.Clients.AnyAsync(c => c.Id == clientId, ct)) throw new NotFoundException($"There is no client {clientId}.");
    }

    private async Task<ClientNote> FindAsync(int clientId, int noteId, CancellationToken ct) =>
        await db.ClientNotes.FirstOrDefaultAsync(n => n.Id == noteId && n.ClientId == clientId, ct)
        ?? throw new NotFoundException($"There is no note {noteId} on client {clientId}.");
}
