using System.Text.Json;
using StudioManager.Infrastructure.Audio;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Hosting;

namespace StudioManager.Projects;

/// <summary>A project as the API and pages show it. Budget is money: null for a role that does not see money.</summary>
public sealed record ProjectDto(
    int Id, int ClientId, string ClientName, string Name, ProjectType Type, ProjectStatus Status,
    DateOnly? StartDate, DateOnly? TargetDate, DateOnly? DeliveredDate, decimal? Budget, int? IncludedRevisions,
    string? Label, string? CatalogNumber, string? Notes, int TrackCount, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>Body of POST and PATCH /projects (PATCH: only the fields present change; null clears).</summary>
public sealed class ProjectInput
{
    public Optional<int> ClientId { get; set; }
    public Optional<string?> Name { get; set; }
    public Optional<ProjectType> Type { get; set; }
    public Optional<ProjectStatus> Status { get; set; }
    public Optional<DateOnly?> StartDate { get; set; }
    public Optional<DateOnly?> TargetDate { get; set; }
    public Optional<DateOnly?> DeliveredDate { get; set; }
    public Optional<decimal?> Budget { get; set; }
    public Optional<int?> IncludedRevisions { get; set; }
    public Optional<string?> Label { get; set; }
    public Optional<string?> CatalogNumber { get; set; }
    public Optional<string?> Notes { get; set; }
}

/// <summary>GET /projects: q (name, label, catalog number, client), status, clientId, paging.</summary>
public sealed record ProjectQuery(string? Q = null, string? Status = null, int? ClientId = null, int? Page = null, int? PageSize = null);

/// <summary>A slot at a glance: whether it holds audio, its latest revision, its open comment threads.</summary>
public sealed record SlotSummary(VersionKind Kind, int? LatestRevision, int OpenComments);

public sealed record TrackDto(
    int Id, int ProjectId, int Number, string Title, TrackStatus Status, int? DurationSeconds, decimal? Bpm, string? Key,
    string? Isrc, string? Lyrics, string? Composers, string? Lyricists, string? Copyright, string? Notes,
    IReadOnlyList<SlotSummary> Slots, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>Body of POST /projects/{id}/tracks and PATCH /tracks/{id}. Number: the next free one when absent.</summary>
public sealed class TrackInput
{
    public Optional<int> Number { get; set; }
    public Optional<string?> Title { get; set; }
    public Optional<TrackStatus> Status { get; set; }
    public Optional<int?> DurationSeconds { get; set; }
    public Optional<decimal?> Bpm { get; set; }
    public Optional<string?> Key { get; set; }
    public Optional<string?> Isrc { get; set; }
    public Optional<string?> Lyrics { get; set; }
    public Optional<string?> Composers { get; set; }
    public Optional<string?> Lyricists { get; set; }
    public Optional<string?> Copyright { get; set; }
    public Optional<string?> Notes { get; set; }
}

/// <summary>One revision of a slot's audio.</summary>
public sealed record RevisionDto(
    int Id, int TrackId, VersionKind Kind, int Revision, string FileName, AudioFormat Format, string ContentType, long SizeBytes,
    string Sha256, double? DurationSeconds, int? SampleRate, int? Channels, int? BitsPerSample, DateTime UploadedAt, string? UploadedByName,
    bool HasPreview)
{
    public static RevisionDto From(AudioRevision r) => new(r.Id, r.TrackId, r.Kind, r.Revision, r.FileName, r.Format, r.ContentType, r.SizeBytes,
        r.Sha256, r.DurationMs / 1000.0, r.SampleRate, r.Channels, r.BitsPerSample, r.UploadedAt, r.UploadedByName, r.PreviewKey is not null);
}

/// <summary>A version slot: its current (latest) revision and every revision, newest first.</summary>
public sealed record SlotDto(VersionKind Kind, RevisionDto? Current, IReadOnlyList<RevisionDto> Revisions);

/// <summary>The waveform of one revision: PeakCount values 0..1 spread over its duration.</summary>
public sealed record WaveformDto(VersionKind Kind, int Revision, double? DurationSeconds, IReadOnlyList<float> Peaks);

public sealed record TrackCommentDto(
    int Id, int TrackId, VersionKind VersionKind, int Revision, int? ParentId, double PositionSeconds, string Content,
    CommentStatus Status, string? AuthorName, DateTime CreatedAt, DateTime? EditedAt, DateTime? ResolvedAt, IReadOnlyList<TrackCommentDto> Replies);

/// <summary>Body of POST /tracks/{id}/comments. A reply (parentId) takes its thread's version and position.</summary>
public sealed record TrackCommentInput(string? VersionKind, decimal? PositionSeconds, string? Content, int? ParentId);

/// <summary>Body of PATCH /tracks/{id}/comments/{commentId}: the text, or the thread's status.</summary>
public sealed class TrackCommentPatch
{
    public Optional<string?> Content { get; set; }
    public Optional<CommentStatus> Status { get; set; }
}

/// <summary>A musician. Rate is money: null for a role that does not see money.</summary>
public sealed record MusicianDto(
    int Id, string Name, string? StageName, IReadOnlyList<string> Instruments, IReadOnlyList<string> Genres, string? Email, string? Phone,
    decimal? Rate, string? Notes, bool IsActive, DateTime CreatedAt, DateTime UpdatedAt);

public sealed class MusicianInput
{
    public Optional<string?> Name { get; set; }
    public Optional<string?> StageName { get; set; }
    public Optional<List<string>?> Instruments { get; set; }
    public Optional<List<string>?> Genres { get; set; }
    public Optional<string?> Email { get; set; }
    public Optional<string?> Phone { get; set; }
    public Optional<decimal?> Rate { get; set; }
    public Optional<string?> Notes { get; set; }
    public Optional<bool> IsActive { get; set; }
}

public sealed record TrackCreditDto(int Id, int TrackId, int? MusicianId, string Name, CreditRole Role, bool IsPrimary, decimal? SplitPercent);

/// <summary>Body of POST and PATCH /tracks/{id}/credits: a musician of the catalogue or a free-text name.</summary>
public sealed class TrackCreditInput
{
    public Optional<int?> MusicianId { get; set; }
    public Optional<string?> Name { get; set; }
    public Optional<CreditRole> Role { get; set; }
    public Optional<bool> IsPrimary { get; set; }
    public Optional<decimal?> SplitPercent { get; set; }
}

public enum ShareState { Active, Expired, UsedUp, Revoked }

/// <summary>A share link. Url (with its token) is given once, by the POST that creates it.</summary>
public sealed record ShareDto(
    int Id, int? TrackId, int? ProjectId, VersionKind? VersionKind, DateTime? ExpiresAt, bool HasPassword, int? MaxViews, int Views,
    bool AllowDownload, ShareState State, DateTime CreatedAt, string? CreatedByName, DateTime? RevokedAt, string? Url);

/// <summary>Body of POST /shares: a track (optionally one slot) or a project.</summary>
public sealed record ShareInput(int? TrackId, int? ProjectId, string? VersionKind, DateTime? ExpiresAt, string? Password, int? MaxViews, bool AllowDownload);

public static class VersionKinds
{
    public static readonly VersionKind[] All = Enum.GetValues<VersionKind>();

    /// <summary>"rough_mix", as the API writes it.</summary>
    public static string Name(this VersionKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());

    /// <summary>"Rough mix", as pages write it.</summary>
    public static string Label(this VersionKind kind) => kind switch
    {
        VersionKind.Demo => "Demo",
        VersionKind.RoughMix => "Rough mix",
        VersionKind.FinalMix => "Final mix",
        _ => "Master",
    };

    /// <summary>A slot by its API name; 400 naming the field otherwise.</summary>
    public static VersionKind Parse(string field, string? value) =>
        All.FirstOrDefault(k => k.Name() == value?.Trim().ToLowerInvariant()) is var kind && kind.Name() == value?.Trim().ToLowerInvariant()
            ? kind
            : throw new ValidationFailedException(field, $"{field} is one of {string.Join(", ", All.Select(Name))}.");
}
