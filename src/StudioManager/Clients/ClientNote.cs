using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StudioManager.Clients;

/// <summary>A dated, authored note on a client (tenant table client_notes). Edits set EditedAt.</summary>
[EntityTypeConfiguration(typeof(ClientNoteConfiguration))]
public class ClientNote
{
    public int Id { get; set; }
    public int ClientId { get; set; }
    public string Note { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    /// <summary>Master user id of the author (users live in the master database, so no foreign key).</summary>
    public int? CreatedBy { get; set; }
    /// <summary>The author's name when the note was written, so the timeline reads without the master database.</summary>
    public string? CreatedByName { get; set; }
    public DateTime? EditedAt { get; set; }
}

public sealed class ClientNoteConfiguration : IEntityTypeConfiguration<ClientNote>
{
    public void Configure(EntityTypeBuilder<ClientNote> b)
    {
        b.ToTable("client_notes");
        b.Property(n => n.CreatedByName).HasMaxLength(200);
        b.HasIndex(n => new { n.ClientId, n.CreatedAt });
    }
}
