using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
// The list's parameters: context, from, earliest, to, room, client, project, engineer, status (null: not filtered).
using PageQuery = System.Func<StudioManager.Infrastructure.Data.TenantDbContext, System.DateTime?, System.DateTime?, System.DateTime?, int?, int?, int?, int?, StudioManager.Scheduling.SessionStatus?, int, int, System.Collections.Generic.IAsyncEnumerable<StudioManager.Scheduling.SessionRow>>;
using CountQuery = System.Func<StudioManager.Infrastructure.Data.TenantDbContext, System.DateTime?, System.DateTime?, System.DateTime?, int?, int?, int?, int?, StudioManager.Scheduling.SessionStatus?, System.Threading.CancellationToken, System.Threading.Tasks.Task<int>>;

namespace StudioManager.Scheduling;

/// <summary>A session as read for its DTO: with its room's and client's names, one of its engineers and one of its
/// pieces of equipment (one row per pair: both lists are short; SessionService groups the rows).</summary>
public sealed record SessionRow(Session Session, string Room, string Client, int? EngineerId, int? EquipmentId);

/// <summary>The queries reading sessions. The list's (the calendar asks for it on every view) is compiled once, every
/// filter a parameter: EF leaves a null one out of the SQL (it keeps one SQL per parameters' nullness), and the compiled
/// delegates skip building, parameterising and looking up the expression trees on each request, which took longer than
/// the database did for a week of 200 sessions (bench/README.md (c)).</summary>
internal static class SessionQueries
{
    /// <summary>Every read of sessions. Flat rows, not collections in the projection: EF 10 builds delegates per row to
    /// shape projected collections, which cost more than the query.</summary>
    private static readonly Expression<Func<TenantDbContext, IQueryable<Session>, IQueryable<SessionRow>>> Rows = (db, sessions) =>
        from s in sessions.AsNoTracking().IgnoreAutoIncludes()
        join r in db.Set<Room>() on s.RoomId equals r.Id
        join c in db.Set<Client>() on s.ClientId equals c.Id
        from e in db.Set<SessionEngineer>().Where(e => e.SessionId == s.Id).DefaultIfEmpty()
        from x in db.Set<SessionEquipment>().Where(x => x.SessionId == s.Id).DefaultIfEmpty()
        orderby s.StartsAt, s.Id
        select new SessionRow(s, r.Name, c.Name, (int?)e.UserId, (int?)x.EquipmentId);

    /// <summary>The sessions of the list's filters (null: not filtered), in start order. A window [from, to) takes the
    /// sessions overlapping it: started before `to`, ending after `from`; the lower bound on the start (`earliest`, from
    /// minus the longest session) keeps the scan on the start index to the window.</summary>
    private static readonly Expression<Func<TenantDbContext, DateTime?, DateTime?, DateTime?, int?, int?, int?, int?, SessionStatus?, IQueryable<Session>>> Matching =
        (db, from, earliest, to, roomId, clientId, projectId, engineerId, status) => db.Set<Session>()
            .Where(s => (to == null || s.StartsAt < to)
                        && (from == null || (s.StartsAt > earliest && s.EndsAt > from))
                        && (roomId == null || s.RoomId == roomId)
                        && (clientId == null || s.ClientId == clientId)
                        && (projectId == null || s.ProjectId == projectId)
                        && (engineerId == null || s.Engineers.Any(e => e.UserId == engineerId))
                        && (status == null || s.Status == status))
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Id);

    /// <summary>The list's compiled queries: the rows of one page (skip, take), and how many sessions the filters take.</summary>
    public sealed record Compiled(
        PageQuery Page, CountQuery Count);

    // A compiled query keeps what it compiled for the model it first ran on: one pair per model (PostgreSQL's and
    // SQLite's differ, and one process may serve both, as the tests do).
    private static readonly ConditionalWeakTable<IModel, Compiled> PerModel = new();

    public static Compiled For(TenantDbContext db) =>
        PerModel.GetValue(db.Model, _ => new Compiled(EF.CompileAsyncQuery(PageOfMatching()), EF.CompileAsyncQuery(CountOfMatching())));

    /// <summary>The rows of the sessions of any other query (one session, the sessions just saved).</summary>
    public static IQueryable<SessionRow> RowsOf(TenantDbContext db, IQueryable<Session> sessions) =>
        sessions.Provider.CreateQuery<SessionRow>(
            new ReplacingExpressionVisitor(Rows.Parameters, [Expression.Constant(db), sessions.Expression]).Visit(Rows.Body));

    private static Expression<Func<TenantDbContext, DateTime?, DateTime?, DateTime?, int?, int?, int?, int?, SessionStatus?, int, int, IQueryable<SessionRow>>> PageOfMatching()
    {
        ParameterExpression skip = Expression.Parameter(typeof(int), "skip"), take = Expression.Parameter(typeof(int), "take");
        var page = Expression.Call(typeof(Queryable), nameof(Queryable.Take), [typeof(Session)],
            Expression.Call(typeof(Queryable), nameof(Queryable.Skip), [typeof(Session)], Matching.Body, skip), take);
        var rows = new ReplacingExpressionVisitor(Rows.Parameters, [Matching.Parameters[0], page]).Visit(Rows.Body);
        return Expression.Lambda<Func<TenantDbContext, DateTime?, DateTime?, DateTime?, int?, int?, int?, int?, SessionStatus?, int, int, IQueryable<SessionRow>>>(
            rows, [.. Matching.Parameters, skip, take]);
    }

    private static Expression<Func<TenantDbContext, DateTime?, DateTime?, DateTime?, int?, int?, int?, int?, SessionStatus?, CancellationToken, int>> CountOfMatching() =>
        Expression.Lambda<Func<TenantDbContext, DateTime?, DateTime?, DateTime?, int?, int?, int?, int?, SessionStatus?, CancellationToken, int>>(
            Expression.Call(typeof(Queryable), nameof(Queryable.Count), [typeof(Session)], Matching.Body),
            [.. Matching.Parameters, Expression.Parameter(typeof(CancellationToken), "ct")]);
}
