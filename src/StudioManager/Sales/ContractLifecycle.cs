namespace StudioManager.Sales;

public enum ContractAction { Send, Sign, Activate, Complete, Terminate, Expire, Cancel }

/// <summary>The contract state machine, in one place. Draft → sent (emailed; sending again keeps it sent) → signed →
/// active → completed. A signed or active contract may be terminated; a sent offer left unsigned, or an active contract
/// past its end date, expires; a draft or a sent contract is cancelled (it keeps its number). Only drafts are edited:
/// once sent, the client reads the text they will sign, so it no longer changes (cancel it and make another).</summary>
public static class ContractLifecycle
{
    private static readonly Dictionary<(ContractStatus From, ContractAction Action), ContractStatus> Transitions = new()
    {
        [(ContractStatus.Draft, ContractAction.Send)] = ContractStatus.Sent,
        [(ContractStatus.Sent, ContractAction.Send)] = ContractStatus.Sent,
        [(ContractStatus.Sent, ContractAction.Sign)] = ContractStatus.Signed,
        [(ContractStatus.Signed, ContractAction.Activate)] = ContractStatus.Active,
        [(ContractStatus.Active, ContractAction.Complete)] = ContractStatus.Completed,
        [(ContractStatus.Signed, ContractAction.Terminate)] = ContractStatus.Terminated,
        [(ContractStatus.Active, ContractAction.Terminate)] = ContractStatus.Terminated,
        [(ContractStatus.Sent, ContractAction.Expire)] = ContractStatus.Expired,
        [(ContractStatus.Active, ContractAction.Expire)] = ContractStatus.Expired,
        [(ContractStatus.Draft, ContractAction.Cancel)] = ContractStatus.Cancelled,
        [(ContractStatus.Sent, ContractAction.Cancel)] = ContractStatus.Cancelled,
    };

    public static bool IsEditable(ContractStatus status) => status == ContractStatus.Draft;

    public static bool Allows(ContractStatus status, ContractAction action) => Transitions.ContainsKey((status, action));

    /// <summary>The status the action leads to; null when the status does not allow it.</summary>
    public static ContractStatus? Next(ContractStatus status, ContractAction action) =>
        Transitions.TryGetValue((status, action), out var next) ? next : null;

    public static bool IsEnded(ContractStatus status) =>
        status is ContractStatus.Completed or ContractStatus.Terminated or ContractStatus.Expired or ContractStatus.Cancelled;

    /// <summary>The refusal (409) of an action the status does not allow.</summary>
    public static string Refusal(ContractStatus status, string action) => $"This contract is {Name(status)}: it cannot be {action}.";

    public static string Name(ContractStatus status) => status.ToString().ToLowerInvariant();

    public static string Name(ContractType type) => type == ContractType.SessionMusician ? "session_musician" : type.ToString().ToLowerInvariant();

    /// <summary>"C-2026-0007": the year and the number in that year (at least 4 digits).</summary>
    public static string Format(int year, int number) => $"C-{year}-{number:D4}";
}
