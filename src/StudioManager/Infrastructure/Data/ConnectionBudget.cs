using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using StudioManager.Infrastructure.Errors;

namespace StudioManager.Infrastructure.Data;

/// <summary>The connections this app node holds to each PostgreSQL server, counted physically: never more than
/// Database:MaxServerConnections per server, the master's pool included (its share is reserved, see
/// <see cref="DbContextConfiguration.MasterPoolSize"/>). Tenant connections are opened unpooled by Npgsql and kept here
/// instead: idle ones wait for the next request of the same studio, are closed after the idle lifetime, and are the
/// first closed (least recently used first) when another studio needs room. With nothing idle, a lease waits up to
/// Database:ConnectionWaitSeconds, then fails with <see cref="ServerBusyException"/> (503).</summary>
public sealed class ConnectionBudget : IAsyncDisposable
{
    private readonly DatabaseOptions _o;
    private readonly ConcurrentDictionary<string, ServerConnections> _servers = new();
    private readonly ConcurrentDictionary<(string Server, string Database), string> _studioConnectionStrings = new();
    private readonly Timer _pruner;

    public ConnectionBudget(IOptions<DatabaseOptions> options)
    {
        _o = options.Value;
        var every = TimeSpan.FromSeconds(Math.Clamp(_o.TenantConnectionIdleLifetime / 2.0, 0.5, 10));
        // Real time, not the app's TimeProvider: this is about sockets, and tests pin the app's clock.
        _pruner = new Timer(_ => _ = PruneAsync(), null, every, every);
    }

    /// <summary>A connection to the database of this (unpooled) connection string on a server. Keep it idle for the
    /// next lease of the same database when returned (requests), or close it (provisioning, migrations).</summary>
    public Task<LeasedConnection> LeaseAsync(string server, string connectionString, bool keepIdle, CancellationToken ct) =>
        _servers.GetOrAdd(server, s => new ServerConnections(CapacityOf(s), _o.TenantMaxPoolSize))
            .LeaseAsync(connectionString, keepIdle, TimeSpan.FromSeconds(_o.ConnectionWaitSeconds), ct);

    /// <summary>A connection to a studio's database for a request (kept idle for its next one). The connection string is
    /// built once per database: parsing it again on every request showed in the request path's profile.</summary>
    public Task<LeasedConnection> LeaseStudioAsync(string server, string databaseName, CancellationToken ct) =>
        LeaseAsync(server, _studioConnectionStrings.GetOrAdd((server, databaseName), k =>
            DbContextConfiguration.TenantConnectionString(_o, DatabaseProvider.Postgres, k.Server, k.Database)), keepIdle: true, ct);

    /// <summary>Closes the idle connections to one database (before it is dropped).</summary>
    public Task ForgetAsync(string server, string connectionString)
    {
        foreach (var built in _studioConnectionStrings.Where(b => b.Value == connectionString)) _studioConnectionStrings.TryRemove(built);
        return _servers.TryGetValue(server, out var s) ? s.CloseIdleAsync(i => i.Key == connectionString) : Task.CompletedTask;
    }

    /// <summary>Connections open to a server (busy and idle), for logs and tests.</summary>
    public int OpenTo(string server) => _servers.TryGetValue(server, out var s) ? s.Open : 0;

    private int CapacityOf(string server) =>
        Math.Max(1, DbContextConfiguration.MaxConnectionsTo(_o, server)
                    - (server == DbContextConfiguration.MasterServer(_o) ? DbContextConfiguration.MasterPoolSize(_o) : 0));

    private async Task PruneAsync()
    {
        var before = Environment.TickCount64 - _o.TenantConnectionIdleLifetime * 1000L;
        foreach (var s in _servers.Values) await s.CloseIdleAsync(i => i.Since <= before);
    }

    public async ValueTask DisposeAsync()
    {
        await _pruner.DisposeAsync();
        foreach (var s in _servers.Values) await s.CloseIdleAsync(_ => true);
    }
}

/// <summary>A connection taken from the budget; disposing it gives it back.</summary>
public sealed class LeasedConnection : IAsyncDisposable
{
    private readonly ServerConnections _owner;
    private int _returned;

    internal LeasedConnection(ServerConnections owner, string key, NpgsqlConnection connection, bool keepIdle) =>
        (_owner, Key, Connection, KeepIdle) = (owner, key, connection, keepIdle);

    public NpgsqlConnection Connection { get; }
    internal string Key { get; }
    internal bool KeepIdle { get; }

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _returned, 1) == 0 ? _owner.ReturnAsync(this) : ValueTask.CompletedTask;
}

internal sealed record IdleConnection(string Key, NpgsqlConnection Connection, long Since);

/// <summary>The budget of one server. Every change of the counts happens under the lock; sockets are opened and closed
/// outside it, and a slot is freed only after its socket is closed, so the server never sees more than the capacity.
/// Whatever comes free goes straight to the longest waiting lease it fits (first in, first out), decided under the
/// lock: one wake-up per freed connection, never a stampede of every waiter retrying.</summary>
internal sealed class ServerConnections(int capacity, int perDatabase)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _perDatabase = new();
    private readonly LinkedList<IdleConnection> _idle = new(); // first = least recently used
    private readonly LinkedList<Waiter> _waiters = new(); // first = waiting longest
    private int _open;

    public int Open { get { lock (_gate) return _open; } }

    /// <summary>What a lease was given under the lock: an idle connection of its database (Reuse), or a slot for a new
    /// one, after closing the least recently used idle connection of another database (Evict) when the server is full.</summary>
    private readonly record struct Grant(NpgsqlConnection? Reuse, NpgsqlConnection? Evict);

    private sealed class Waiter(string key)
    {
        public string Key => key;
        public TaskCompletionSource<Grant> Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task<LeasedConnection> LeaseAsync(string key, bool keepIdle, TimeSpan wait, CancellationToken ct)
    {
        var deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
        while (true)
        {
            Grant? now;
            LinkedListNode<Waiter>? queued = null;
            lock (_gate)
            {
                now = TryGrant(key);
                if (now is null) queued = _waiters.AddLast(new Waiter(key));
            }
            var grant = now ?? await WaitAsync(queued!, deadline, wait, ct);

            if (grant.Reuse is { } reuse)
            {
                if (reuse.FullState == System.Data.ConnectionState.Open) return new LeasedConnection(this, key, reuse, keepIdle);
                await CloseAsync(key, reuse); // broken while idle (server restarted, database dropped)
                continue;
            }
            if (grant.Evict is { } evict) await evict.DisposeAsync();
            var connection = new NpgsqlConnection(key);
            try
            {
                await connection.OpenAsync(ct);
            }
            catch
            {
                await CloseAsync(key, connection);
                throw;
            }
            return new LeasedConnection(this, key, connection, keepIdle);
        }
    }

    private async Task<Grant> WaitAsync(LinkedListNode<Waiter> queued, long deadline, TimeSpan wait, CancellationToken ct)
    {
        try
        {
            return await queued.Value.Granted.Task.WaitAsync(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)), ct);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            lock (_gate)
            {
                if (queued.List is not null)
                {
                    _waiters.Remove(queued);
                    ct.ThrowIfCancellationRequested();
                    throw new ServerBusyException($"No database connection came free within {wait.TotalSeconds:0} s: the server is busy.");
                }
            }
            // Granted in the same instant it gave up: take it (the lease is given back when the scope ends).
            return queued.Value.Granted.Task.Result;
        }
    }

    public async ValueTask ReturnAsync(LeasedConnection lease)
    {
        if (lease.KeepIdle && lease.Connection.FullState == System.Data.ConnectionState.Open)
        {
            lock (_gate)
            {
                _idle.AddLast(new IdleConnection(lease.Key, lease.Connection, Environment.TickCount64));
                GrantWaiters();
            }
            return;
        }
        await CloseAsync(lease.Key, lease.Connection);
    }

    public async Task CloseIdleAsync(Func<IdleConnection, bool> which)
    {
        List<IdleConnection> closing;
        lock (_gate)
        {
            closing = _idle.Where(which).ToList();
            foreach (var i in closing) _idle.Remove(i);
        }
        foreach (var i in closing) await CloseAsync(i.Key, i.Connection);
    }

    /// <summary>Closes the socket, then frees its slot.</summary>
    private async Task CloseAsync(string key, NpgsqlConnection connection)
    {
        await connection.DisposeAsync();
        lock (_gate)
        {
            _open--;
            Count(key, -1);
            GrantWaiters();
        }
    }

    /// <summary>Under the lock: what a lease of this database can have now, or null.</summary>
    private Grant? TryGrant(string key)
    {
        if (LastIdleOf(key) is { } mine)
        {
            _idle.Remove(mine);
            return new Grant(mine.Value.Connection, null);
        }
        if (_perDatabase.GetValueOrDefault(key) >= perDatabase) return null;
        NpgsqlConnection? evict = null;
        if (_open < capacity) _open++;
        else if (_idle.First is { } lru)
        {
            // The least recently used studio's idle connection makes room; the slot passes over.
            _idle.RemoveFirst();
            Count(lru.Value.Key, -1);
            evict = lru.Value.Connection;
        }
        else return null;
        Count(key, +1);
        return new Grant(null, evict);
    }

    /// <summary>Under the lock, after something came free: each waiter in turn gets what fits it, while anything is left.</summary>
    private void GrantWaiters()
    {
        for (var n = _waiters.First; n is not null && (_idle.Count > 0 || _open < capacity);)
        {
            var next = n.Next;
            if (TryGrant(n.Value.Key) is { } grant)
            {
                _waiters.Remove(n);
                n.Value.Granted.SetResult(grant);
            }
            n = next;
        }
    }

    private LinkedListNode<IdleConnection>? LastIdleOf(string key)
    {
        for (var n = _idle.Last; n is not null; n = n.Previous)
            if (n.Value.Key == key) return n;
        return null;
    }

    private void Count(string key, int delta)
    {
        var n = _perDatabase.GetValueOrDefault(key) + delta;
        if (n == 0) _perDatabase.Remove(key);
        else _perDatabase[key] = n;
    }
}
