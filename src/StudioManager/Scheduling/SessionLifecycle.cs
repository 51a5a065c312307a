namespace StudioManager.Scheduling;

/// <summary>The session lifecycle: tentative → confirmed → in_progress → completed; a session not yet started may be
/// cancelled; a confirmed one whose client never came is a no-show. Completed, cancelled and no-show are final.</summary>
public static class SessionLifecycle
{
    private static readonly Dictionary<SessionStatus, SessionStatus[]> Next = new()
    {
        [SessionStatus.Tentative] = [SessionStatus.Confirmed, SessionStatus.Cancelled],
        // A confirmed session may be completed without having been marked started: the engineer forgot to press it.
        [SessionStatus.Confirmed] = [SessionStatus.InProgress, SessionStatus.Completed, SessionStatus.Cancelled, SessionStatus.NoShow],
        [SessionStatus.InProgress] = [SessionStatus.Completed],
        [SessionStatus.Completed] = [],
        [SessionStatus.Cancelled] = [],
        [SessionStatus.NoShow] = [],
    };

    public static bool CanMove(SessionStatus from, SessionStatus to) => Next[from].Contains(to);

    /// <summary>A session is created tentative or confirmed.</summary>
    public static bool IsInitial(SessionStatus status) => status is SessionStatus.Tentative or SessionStatus.Confirmed;

    /// <summary>Time, room, people and gear can still change: not over, not cancelled.</summary>
    public static bool IsEditable(SessionStatus status) => status is SessionStatus.Tentative or SessionStatus.Confirmed or SessionStatus.InProgress;

    /// <summary>Holds its room, engineers and equipment: every status but cancelled (a no-show held them too).</summary>
    public static bool Occupies(SessionStatus status) => status != SessionStatus.Cancelled;

    public static string Name(SessionStatus status) => status switch
    {
        SessionStatus.InProgress => "in_progress",
        SessionStatus.NoShow => "no_show",
        _ => status.ToString().ToLowerInvariant(),
    };
}
