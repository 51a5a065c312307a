using StudioManager.Sales;

namespace StudioManager.Components.Pages.Sales;

/// <summary>How the expense and report pages name categories and statuses.</summary>
public static class ExpensePages
{
    /// <summary>The API's name of a value ("rent", "pending"), as the filters take it.</summary>
    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
