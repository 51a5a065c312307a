using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace StudioManager.Infrastructure.Data;

/// <summary>The database connection of the studio a scope serves (scoped). On PostgreSQL it is leased from the node's
/// <see cref="ConnectionBudget"/> when the studio is entered (a bounded wait, then 503) and given back when the scope
/// ends, kept idle for the studio's next request. The scope's <see cref="TenantDbContext"/> runs on it.</summary>
public sealed class TenantConnection(ConnectionBudget budget, IOptions<DatabaseOptions> options, TenantContextPool contexts) : IAsyncDisposable, IDisposable
{
    private (DatabaseProvider Provider, string Server, string Database)? _target;
    private LeasedConnection? _lease;

    public bool IsOpen => _target is not null;

    public async Task OpenAsync(DatabaseProvider provider, string server, string databaseName, CancellationToken ct)
    {
        if (_target is { } open)
        {
            if (open == (provider, server, databaseName)) return;
            throw new InvalidOperationException("A scope serves one studio only.");
        }
        if (provider == DatabaseProvider.Postgres)
            _lease = await budget.LeaseStudioAsync(server, databaseName, ct);
        _target = (provider, server, databaseName);
    }

    /// <summary>A context on the studio's database, rented from the pool; the scope's TenantDbContext is made here, and
    /// goes back to the pool when the scope ends (before the connection goes back to the budget: it was made after it).</summary>
    public TenantDbContext CreateContext()
    {
        var (provider, server, database) = _target ?? throw new InvalidOperationException("No studio was entered in this scope.");
        var context = contexts.Rent();
        if (_lease is not null) context.Database.SetDbConnection(_lease.Connection);
        else context.Database.SetConnectionString(DbContextConfiguration.TenantConnectionString(options.Value, provider, server, database));
        return context;
    }

    public ValueTask DisposeAsync() => _lease?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>For scopes disposed synchronously: giving back an open connection does not block.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}

/// <summary>Rents a pooled studio context with no connection yet (see DbContextConfiguration.AddTenantContextPool).</summary>
public sealed class TenantContextPool(Func<TenantDbContext> rent)
{
    public TenantDbContext Rent() => rent();
}
