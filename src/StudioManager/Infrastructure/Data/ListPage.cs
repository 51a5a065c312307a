namespace StudioManager.Infrastructure.Data;

/// <summary>The list shape of the API: {items, total, page, pageSize}.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    [System.Text.Json.Serialization.JsonIgnore] public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public const int MaxPageSize = 200;

    /// <summary>Clamps page (1-based) and pageSize (1..MaxPageSize, default 50) from the query string.</summary>
    public static (int Page, int PageSize) Clamp(int? page, int? pageSize) =>
        (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? 50, 1, MaxPageSize));
}
