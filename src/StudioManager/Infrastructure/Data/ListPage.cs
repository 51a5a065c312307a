using Microsoft.EntityFrameworkCore;

namespace StudioManager.Infrastructure.Data;

/// <summary>The list shape of the API: {items, total, page, pageSize}.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    [System.Text.Json.Serialization.JsonIgnore] public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public ListPage<TOut> Map<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), Total, Page, PageSize);
}

/// <summary>The one paging rule of every list (API and pages): page from 1, pageSize 1..200, 50 when absent.</summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static Paging Of(int? page, int? pageSize) =>
        new(Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize));

    /// <summary>Every row in one page (a page showing a whole small list, e.g. the team).</summary>
    public static Paging All => new(1, MaxPageSize);
}

public static class PagingExtensions
{
    /// <summary>The total and one page of an ordered query.</summary>
    public static Task<ListPage<T>> ToListPageAsync<T>(this IQueryable<T> query, Paging paging, CancellationToken ct) =>
        query.ToListPageAsync(paging, page => page.ToListAsync(ct), ct);

    /// <summary>The total and one page of an ordered query, the page's rows read by <paramref name="read"/> (a query
    /// composed on the page, e.g. joins that must not multiply the rows being counted and paged).</summary>
    public static Task<ListPage<TOut>> ToListPageAsync<T, TOut>(this IQueryable<T> query, Paging paging,
        Func<IQueryable<T>, Task<List<TOut>>> read, CancellationToken ct) =>
        paging.ReadAsync((skip, take) => read(query.Skip(skip).Take(take)), () => query.CountAsync(ct));

    /// <summary>One page read by <paramref name="read"/> (skip, take) and the total counted by <paramref name="count"/>
    /// when it is not known from the page: the paging rule of queries that are not composed (compiled ones).</summary>
    public static async Task<ListPage<T>> ReadAsync<T>(this Paging paging, Func<int, int, Task<List<T>>> read, Func<Task<int>> count)
    {
        var skip = (paging.Page - 1) * paging.PageSize;
        var items = await read(skip, paging.PageSize);
        // A page with rows that is not full is the last one: the total follows without counting (a week in the
        // calendar, a short list). An empty page past the end still counts.
        var total = items.Count is > 0 and var n && n < paging.PageSize ? skip + n : await count();
        return new ListPage<T>(items, total, paging.Page, paging.PageSize);
    }
}
