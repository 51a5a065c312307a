using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Projects;

public static class ProjectEndpoints
{
    public static void MapProjectEndpoints(this IEndpointRouteBuilder app)
    {
        var studio = app.MapGroup("/api/studios/{studio}").StudioScoped()
            .WithTag("Projects", "Projects, their tracks, the tracks' audio versions (demo, rough mix, final mix, master) with every revision, "
                                 + "comments pinned in time, credits, the musicians' catalogue.");

        studio.MapGet("/projects", ListProjects).RequirePermission(Permission.ViewProjects).WithName("ListProjects");
        studio.MapPost("/projects", CreateProject).RequirePermission(Permission.ManageProjects).WithName("CreateProject");
        studio.MapGet("/projects/{id:int}", GetProject).RequirePermission(Permission.ViewProjects).WithName("GetProject");
        studio.MapPatch("/projects/{id:int}", UpdateProject).RequirePermission(Permission.ManageProjects).WithName("UpdateProject");
        studio.MapDelete("/projects/{id:int}", DeleteProject).RequirePermission(Permission.ManageProjects).WithName("DeleteProject")
            .ProducesProblem(StatusCodes.Status409Conflict);

        studio.MapGet("/projects/{id:int}/tracks", ListTracks).RequirePermission(Permission.ViewProjects).WithName("ListTracks");
        studio.MapPost("/projects/{id:int}/tracks", CreateTrack).RequirePermission(Permission.ManageProjects).WithName("CreateTrack")
            .ProducesProblem(StatusCodes.Status409Conflict);
        studio.MapGet("/tracks/{id:int}", GetTrack).RequirePermission(Permission.ViewProjects).WithName("GetTrack");
        studio.MapPatch("/tracks/{id:int}", UpdateTrack).RequirePermission(Permission.ManageProjects).WithName("UpdateTrack")
            .ProducesProblem(StatusCodes.Status409Conflict);
        studio.MapDelete("/tracks/{id:int}", DeleteTrack).RequirePermission(Permission.ManageProjects).WithName("DeleteTrack");

        // The upload is read as a stream (no form buffering), so antiforgery cannot read a form field: bearer callers
        // need none, and UseCookieAntiforgery checks the header of cookie callers.
        studio.MapPut("/tracks/{id:int}/versions/{kind}", Upload).RequirePermission(Permission.ManageProjects).WithName("UploadTrackVersion")
            .DisableAntiforgery().Accepts<AudioUpload>("multipart/form-data").ProducesProblem(StatusCodes.Status409Conflict);
        studio.MapGet("/tracks/{id:int}/versions", ListVersions).RequirePermission(Permission.ViewProjects).WithName("ListTrackVersions");
        studio.MapGet("/tracks/{id:int}/versions/{kind}/audio", Audio).RequirePermission(Permission.ViewProjects).WithName("GetTrackVersionAudio")
            .Produces<Stream>(StatusCodes.Status200OK, AudioTypes[0], AudioTypes[1..]).Produces<Stream>(StatusCodes.Status206PartialContent, AudioTypes[0], AudioTypes[1..])
            .Produces(StatusCodes.Status416RangeNotSatisfiable);
        studio.MapGet("/tracks/{id:int}/versions/{kind}/waveform", Waveform).RequirePermission(Permission.ViewProjects).WithName("GetTrackVersionWaveform");

        studio.MapGet("/tracks/{id:int}/comments", ListComments).RequirePermission(Permission.ViewProjects).WithName("ListTrackComments");
        studio.MapPost("/tracks/{id:int}/comments", AddComment).RequirePermission(Permission.ManageProjects).WithName("AddTrackComment");
        studio.MapPatch("/tracks/{id:int}/comments/{commentId:int}", UpdateComment).RequirePermission(Permission.ManageProjects).WithName("UpdateTrackComment");
        studio.MapDelete("/tracks/{id:int}/comments/{commentId:int}", DeleteComment).RequirePermission(Permission.ManageProjects).WithName("DeleteTrackComment");

        studio.MapGet("/tracks/{id:int}/credits", ListCredits).RequirePermission(Permission.ViewProjects).WithName("ListTrackCredits");
        studio.MapPost("/tracks/{id:int}/credits", AddCredit).RequirePermission(Permission.ManageProjects).WithName("AddTrackCredit");
        studio.MapPatch("/tracks/{id:int}/credits/{creditId:int}", UpdateCredit).RequirePermission(Permission.ManageProjects).WithName("UpdateTrackCredit");
        studio.MapDelete("/tracks/{id:int}/credits/{creditId:int}", DeleteCredit).RequirePermission(Permission.ManageProjects).WithName("DeleteTrackCredit");

        studio.MapGet("/musicians", ListMusicians).RequirePermission(Permission.ViewProjects).WithName("ListMusicians");
        studio.MapPost("/musicians", CreateMusician).RequirePermission(Permission.ManageProjects).WithName("CreateMusician");
        studio.MapGet("/musicians/{id:int}", GetMusician).RequirePermission(Permission.ViewProjects).WithName("GetMusician");
        studio.MapPatch("/musicians/{id:int}", UpdateMusician).RequirePermission(Permission.ManageProjects).WithName("UpdateMusician");
        studio.MapDelete("/musicians/{id:int}", DeleteMusician).RequirePermission(Permission.ManageProjects).WithName("DeleteMusician")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static readonly string[] AudioTypes = Enum.GetValues<StudioManager.Infrastructure.Audio.AudioFormat>().Select(StudioManager.Infrastructure.Audio.AudioSniffer.ContentType).ToArray();

    /// <summary>The upload's multipart body (for the document: the handler reads the stream itself).</summary>
    public sealed class AudioUpload
    {
        /// <summary>The audio file: WAV, AIFF, FLAC, MP3, M4A/AAC or OGG, at most 1 GB.</summary>
        public required IFormFile File { get; set; }
    }

    /// <summary>The list's query string: q, status (all, or one status; archived ones hidden when absent), clientId, paging.</summary>
    public sealed record ProjectListParameters(
        [FromQuery(Name = "q")] string? Q, [FromQuery(Name = "status")] string? Status, [FromQuery(Name = "clientId")] int? ClientId,
        [FromQuery(Name = "page")] int? Page, [FromQuery(Name = "pageSize")] int? PageSize);

    /// <summary>Lists the studio's projects, most recently changed first.</summary>
    public static async Task<Ok<ListPage<ProjectDto>>> ListProjects([AsParameters] ProjectListParameters p, ProjectService projects, CancellationToken ct) =>
        TypedResults.Ok(await projects.ListAsync(new ProjectQuery(p.Q, p.Status, p.ClientId, p.Page, p.PageSize), ct));

    /// <summary>Creates a project for a client.</summary>
    public static async Task<Created<ProjectDto>> CreateProject(ProjectInput input, ProjectService projects, CurrentTenant tenant, CancellationToken ct)
    {
        var project = await projects.CreateAsync(input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/projects/{project.Id}", project);
    }

    /// <summary>Reads a project.</summary>
    public static async Task<Ok<ProjectDto>> GetProject(int id, ProjectService projects, CancellationToken ct) => TypedResults.Ok(await projects.GetAsync(id, ct));

    /// <summary>Changes the fields sent (a null clears one).</summary>
    public static async Task<Ok<ProjectDto>> UpdateProject(int id, ProjectInput patch, ProjectService projects, CancellationToken ct) =>
        TypedResults.Ok(await projects.UpdateAsync(id, patch, ct));

    /// <summary>Deletes a project with its tracks and their audio.</summary>
    public static async Task<NoContent> DeleteProject(int id, ProjectService projects, CancellationToken ct)
    {
        await projects.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Lists a project's tracks by number, each with its four slots at a glance.</summary>
    public static async Task<Ok<List<TrackDto>>> ListTracks(int id, TrackService tracks, CancellationToken ct) => TypedResults.Ok(await tracks.ListAsync(id, ct));

    /// <summary>Adds a track to a project (numbered next when no number is sent).</summary>
    public static async Task<Created<TrackDto>> CreateTrack(int id, TrackInput input, TrackService tracks, CurrentTenant tenant, CancellationToken ct)
    {
        var track = await tracks.CreateAsync(id, input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/tracks/{track.Id}", track);
    }

    /// <summary>Reads a track.</summary>
    public static async Task<Ok<TrackDto>> GetTrack(int id, TrackService tracks, CancellationToken ct) => TypedResults.Ok(await tracks.GetAsync(id, ct));

    /// <summary>Changes the fields sent (a null clears one).</summary>
    public static async Task<Ok<TrackDto>> UpdateTrack(int id, TrackInput patch, TrackService tracks, CancellationToken ct) =>
        TypedResults.Ok(await tracks.UpdateAsync(id, patch, ct));

    /// <summary>Deletes a track with its audio, comments and credits.</summary>
    public static async Task<NoContent> DeleteTrack(int id, TrackService tracks, CancellationToken ct)
    {
        await tracks.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Uploads audio into a slot as its next revision.</summary>
    /// <remarks>multipart/form-data with the file in the field "file" (up to 1 GB), streamed to storage. The type is judged
    /// from the content (WAV, AIFF, FLAC, MP3, M4A/AAC, OGG); anything else is refused with 400 and nothing is kept.
    /// Answers 201 with the new revision: duration, sample rate, channels, SHA-256; its waveform is ready.</remarks>
    public static async Task<Created<RevisionDto>> Upload(int id, [ClosedSet(typeof(VersionKind))] string kind, HttpRequest request,
        AudioVersionService audio, CurrentTenant tenant, CancellationToken ct)
    {
        var section = await MultipartFile.ReadAsync(request, AudioVersionService.MaxBytes, "the audio", ct);
        var revision = await audio.UploadAsync(id, kind, section?.Body, section?.FileName, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/tracks/{id}/versions/{revision.Kind.Name()}/audio?revision={revision.Revision}", revision);
    }

    /// <summary>The four slots of a track with their current revision and history.</summary>
    public static async Task<Ok<List<SlotDto>>> ListVersions(int id, AudioVersionService audio, CancellationToken ct) => TypedResults.Ok(await audio.ListAsync(id, ct));

    /// <summary>Streams a revision's audio (the latest when revision is absent); supports Range requests (206).</summary>
    /// <remarks>A lossless revision plays as its compressed preview (MP3) once made (hasPreview); original=true streams the
    /// original file; download=true sends the original as an attachment with its file name.</remarks>
    public static async Task<FileStreamHttpResult> Audio(int id, [ClosedSet(typeof(VersionKind))] string kind, [FromQuery] int? revision,
        AudioVersionService audio, CancellationToken ct, [FromQuery] bool download = false, [FromQuery] bool original = false) =>
        AudioResult(await audio.OpenAsync(id, kind, revision, original || download, ct), download);

    internal static FileStreamHttpResult AudioResult(RevisionAudio audio, bool download) =>
        TypedResults.Stream(audio.Content, audio.ContentType, download ? audio.Revision.FileName : null, audio.Revision.UploadedAt,
            new EntityTagHeaderValue($"\"{audio.Revision.Sha256}{(audio.IsPreview ? "-preview" : "")}\""), enableRangeProcessing: true);

    /// <summary>A revision's waveform: peaks 0..1 over its duration (the latest revision when absent).</summary>
    public static async Task<Ok<WaveformDto>> Waveform(int id, [ClosedSet(typeof(VersionKind))] string kind, [FromQuery] int? revision,
        AudioVersionService audio, CancellationToken ct) => TypedResults.Ok(await audio.WaveformAsync(id, kind, revision, ct));

    /// <summary>The track's comment threads by position (of one slot with version), each with its replies.</summary>
    public static async Task<Ok<List<TrackCommentDto>>> ListComments(int id, [FromQuery(Name = "version"), ClosedSet(typeof(VersionKind))] string? version,
        TrackCommentService comments, CancellationToken ct) => TypedResults.Ok(await comments.ListAsync(id, version, ct));

    /// <summary>Comments on a version at a position in seconds (millisecond precision), or replies to a thread.</summary>
    public static async Task<Created<TrackCommentDto>> AddComment(int id, TrackCommentInput input, TrackCommentService comments, CurrentTenant tenant, CancellationToken ct)
    {
        var comment = await comments.AddAsync(id, input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/tracks/{id}/comments/{comment.Id}", comment);
    }

    /// <summary>Edits a comment's text, or opens or resolves its thread.</summary>
    public static async Task<Ok<TrackCommentDto>> UpdateComment(int id, int commentId, TrackCommentPatch patch, TrackCommentService comments, CancellationToken ct) =>
        TypedResults.Ok(await comments.UpdateAsync(id, commentId, patch, ct));

    /// <summary>Deletes a comment (a thread's first: with its replies).</summary>
    public static async Task<NoContent> DeleteComment(int id, int commentId, TrackCommentService comments, CancellationToken ct)
    {
        await comments.DeleteAsync(id, commentId, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The track's credits, primary first.</summary>
    public static async Task<Ok<List<TrackCreditDto>>> ListCredits(int id, TrackCreditService credits, CancellationToken ct) => TypedResults.Ok(await credits.ListAsync(id, ct));

    /// <summary>Credits someone on the track; publishing and master splits each total at most 100 %.</summary>
    public static async Task<Created<TrackCreditDto>> AddCredit(int id, TrackCreditInput input, TrackCreditService credits, CurrentTenant tenant, CancellationToken ct)
    {
        var credit = await credits.AddAsync(id, input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/tracks/{id}/credits/{credit.Id}", credit);
    }

    /// <summary>Changes a credit.</summary>
    public static async Task<Ok<TrackCreditDto>> UpdateCredit(int id, int creditId, TrackCreditInput patch, TrackCreditService credits, CancellationToken ct) =>
        TypedResults.Ok(await credits.UpdateAsync(id, creditId, patch, ct));

    /// <summary>Removes a credit.</summary>
    public static async Task<NoContent> DeleteCredit(int id, int creditId, TrackCreditService credits, CancellationToken ct)
    {
        await credits.DeleteAsync(id, creditId, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The musicians' catalogue, by name; q searches names, instruments and genres.</summary>
    public static async Task<Ok<ListPage<MusicianDto>>> ListMusicians([FromQuery(Name = "q")] string? q, [FromQuery(Name = "page")] int? page,
        [FromQuery(Name = "pageSize")] int? pageSize, MusicianService musicians, CancellationToken ct) =>
        TypedResults.Ok(await musicians.ListAsync(q, page, pageSize, ct));

    /// <summary>Adds a musician to the catalogue.</summary>
    public static async Task<Created<MusicianDto>> CreateMusician(MusicianInput input, MusicianService musicians, CurrentTenant tenant, CancellationToken ct)
    {
        var musician = await musicians.CreateAsync(input, ct);
        return TypedResults.Created($"/api/studios/{tenant.Studio.Slug}/musicians/{musician.Id}", musician);
    }

    /// <summary>Reads a musician.</summary>
    public static async Task<Ok<MusicianDto>> GetMusician(int id, MusicianService musicians, CancellationToken ct) => TypedResults.Ok(await musicians.GetAsync(id, ct));

    /// <summary>Changes the fields sent (a null clears one).</summary>
    public static async Task<Ok<MusicianDto>> UpdateMusician(int id, MusicianInput patch, MusicianService musicians, CancellationToken ct) =>
        TypedResults.Ok(await musicians.UpdateAsync(id, patch, ct));

    /// <summary>Deletes a musician no track credits.</summary>
    public static async Task<NoContent> DeleteMusician(int id, MusicianService musicians, CancellationToken ct)
    {
        await musicians.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }
}
