using StudioManager.Infrastructure.Errors;

namespace StudioManager.Sales;

public enum QuoteAction { Edit, Send, Accept, Reject, Cancel, Convert }

/// <summary>The quote state machine, in one place: draft → sent → accepted / rejected; a sent quote past its
/// valid-until day is expired (derived); draft, sent and expired quotes may be cancelled; only drafts are edited; a
/// sent quote may be sent again (the mail again, same validity); only an accepted quote converts. Every refusal is a
/// 409 from Ensure.</summary>
public static class QuoteLifecycle
{
    public const string NumberPrefix = "Q";
    public const int DefaultValidityDays = 30, MaxValidityDays = 365;

    /// <summary>The status as shown and checked: a sent quote whose last valid day has passed is expired.</summary>
    public static QuoteStatus Effective(QuoteStatus stored, DateOnly? validUntil, DateOnly today) =>
        stored == QuoteStatus.Sent && validUntil < today ? QuoteStatus.Expired : stored;

    public static bool Allows(QuoteStatus effective, QuoteAction action) => action switch
    {
        QuoteAction.Edit => effective == QuoteStatus.Draft,
        QuoteAction.Send => effective is QuoteStatus.Draft or QuoteStatus.Sent,
        QuoteAction.Accept or QuoteAction.Reject => effective == QuoteStatus.Sent,
        QuoteAction.Cancel => effective is QuoteStatus.Draft or QuoteStatus.Sent or QuoteStatus.Expired,
        QuoteAction.Convert => effective == QuoteStatus.Accepted,
        _ => false,
    };

    /// <summary>Where the action leaves the quote (Edit and Convert leave it as it is).</summary>
    public static QuoteStatus After(QuoteStatus effective, QuoteAction action) => action switch
    {
        QuoteAction.Send => QuoteStatus.Sent,
        QuoteAction.Accept => QuoteStatus.Accepted,
        QuoteAction.Reject => QuoteStatus.Rejected,
        QuoteAction.Cancel => QuoteStatus.Cancelled,
        _ => effective,
    };

    /// <summary>409 when the status does not allow the action.</summary>
    public static void Ensure(QuoteStatus effective, QuoteAction action)
    {
        if (!Allows(effective, action))
            throw new ConflictException($"This quote is {Name(effective)}: it cannot be {Verb(action)}.");
    }

    public static string Name(QuoteStatus status) => status.ToString().ToLowerInvariant();

    private static string Verb(QuoteAction action) => action switch
    {
        QuoteAction.Edit => "changed",
        QuoteAction.Send => "sent",
        QuoteAction.Accept => "accepted",
        QuoteAction.Reject => "rejected",
        QuoteAction.Cancel => "cancelled",
        _ => "converted (only an accepted quote is)",
    };
}
