using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using StudioManager.Infrastructure.Time;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Components;

/// <summary>Base of every staff page under /s/{studio}/…: signed in, member of the studio (the middleware answers
/// 404 otherwise, before the page renders), CurrentTenant resolved.</summary>
[Authorize]
[StudioScoped]
public abstract class StudioPageBase : ComponentBase
{
    [Parameter] public string Studio { get; set; } = "";
    [Inject] protected CurrentTenant Tenant { get; set; } = null!;
    [Inject] protected NavigationManager Nav { get; set; } = null!;

    protected string StudioPath(string path = "") => $"/s/{Tenant.Studio.Slug}{path}";

    /// <summary>A stored instant as a date in the studio's time zone.</summary>
    protected string Date(DateTime utc) => StudioTime.Date(utc, Tenant.Studio.TimeZone);

    /// <summary>A stored instant as date and time in the studio's time zone.</summary>
    protected string DateAndTime(DateTime utc) => StudioTime.DateAndTime(utc, Tenant.Studio.TimeZone);
}
