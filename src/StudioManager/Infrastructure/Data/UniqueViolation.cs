using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace StudioManager.Infrastructure.Data;

public static class UniqueViolation
{
    /// <summary>The write broke a unique index: another request stored the same key first (PostgreSQL 23505;
    /// SQLite SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY).</summary>
    public static bool IsUniqueViolation(this DbUpdateException e) => e.InnerException is
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } or SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };
}
