using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Npgsql;
using StudioManager.Infrastructure.Errors;

namespace StudioManager.Infrastructure.Data;

/// <summary>What a request that lost a race meets in SaveChanges, as the domain's exceptions, for every entity of both
/// contexts (their SaveChanges overrides call Translate), so that the API (404/409), pages and jobs understand it:
/// an update or delete that found no row (another request deleted it between our read and our write) →
/// NotFoundException; a unique or foreign key violation (PostgreSQL 23505/23503, SQLite 2067/1555/787: the same key
/// saved meanwhile, a parent deleted meanwhile, or a row still referred to) → ConflictException.
/// Entities with a concurrency token (Identity's users) keep EF's DbUpdateConcurrencyException: their code handles it.</summary>
public static partial class SaveConflicts
{
    public static Exception? Translate(DbUpdateException e) => e switch
    {
        DbUpdateConcurrencyException when e.Entries.All(entry => !entry.Metadata.GetProperties().Any(p => p.IsConcurrencyToken)) =>
            new NotFoundException($"This {NameOf(e.Entries)} no longer exists: another request deleted it meanwhile."),
        _ when e.IsUniqueViolation() =>
            new ConflictException($"This {NameOf(e.Entries)} clashes with one another request saved meanwhile. Reload and try again.", innerException: e),
        // An exclusion constraint (PostgreSQL 23P01): the row overlaps one another request stored first.
        { InnerException: PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation } } =>
            new ConflictException($"This {NameOf(e.Entries)} overlaps one another request saved meanwhile. Reload and try again.", innerException: e),
        { InnerException: PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } or SqliteException { SqliteExtendedErrorCode: 787 } } =>
            new ConflictException($"This {NameOf(e.Entries)} depends on a record another request changed meanwhile. Reload and try again.", innerException: e),
        _ => null,
    };

    /// <summary>The write broke a unique index: another request stored the same key first (PostgreSQL 23505;
    /// SQLite SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY). Also read by Identity's user store.</summary>
    public static bool IsUniqueViolation(this DbUpdateException e) => e.InnerException is
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } or SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };

    /// <summary>"client note" for ClientNote, when the failed rows are of one type; "change" otherwise.</summary>
    private static string NameOf(IReadOnlyList<EntityEntry> entries)
    {
        var types = entries.Select(entry => entry.Metadata.ClrType.Name).Distinct().ToList();
        return types.Count == 1 ? Words().Replace(types[0], " $1").ToLowerInvariant() : "change";
    }

    [GeneratedRegex("(?<=[a-z])([A-Z])")] private static partial Regex Words();
}
