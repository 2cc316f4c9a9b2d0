namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// The idle keep-alive connections to one endpoint, newest on top so the busiest stay warm; connections idle
/// longer than the idle timeout are closed when found (on take, and by a sweep that a return runs now and then), and
/// a connection returned past the maximum lifetime is closed instead of kept.
/// </summary>
internal sealed class Http1EndpointPool(TimeProvider time, TimeSpan idleTimeout, TimeSpan maxLifetime)
{
    private readonly Lock _gate = new();
    private readonly Stack<Http1Connection> _idle = new();
    private long _lastSweep = time.GetTimestamp();
    private bool _disposed;

    public int IdleCount
    {
        get
        {
            lock (_gate)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>An idle connection not past the idle timeout, or null.</summary>
    public Http1Connection? TryTake()
    {
        while (true)
        {
            Http1Connection? connection;
            lock (_gate)
            {
                if (!_idle.TryPop(out connection))
                {
                    return null;
                }
            }

            if (time.GetElapsedTime(connection.IdleSince) < idleTimeout)
            {
                return connection;
            }

            connection.Dispose();
        }
    }

    public void Return(Http1Connection connection)
    {
        var now = time.GetTimestamp();
        connection.IdleSince = now;
        connection.Reused = true;
        connection.Clear();
        List<Http1Connection>? closing;
        lock (_gate)
        {
            closing = _disposed || time.GetElapsedTime(connection.OpenedAt, now) >= maxLifetime ? [connection] : Keep(connection, now);
        }

        closing?.ForEach(c => c.Dispose());
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            while (_idle.TryPop(out var connection))
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>Pushes <paramref name="connection"/>; now and then also takes out the expired ones to close.</summary>
    private List<Http1Connection>? Keep(Http1Connection connection, long now)
    {
        _idle.Push(connection);
        if (time.GetElapsedTime(_lastSweep, now) <= idleTimeout / 4)
        {
            return null;
        }

        _lastSweep = now;
        return Sweep(now);
    }

    private List<Http1Connection>? Sweep(long now)
    {
        List<Http1Connection>? expired = null;
        var kept = new Stack<Http1Connection>(_idle.Count);
        while (_idle.TryPop(out var connection))
        {
            if (time.GetElapsedTime(connection.IdleSince, now) >= idleTimeout)
            {
                (expired ??= []).Add(connection);
            }
            else
            {
                kept.Push(connection); // reversed here, reversed again below: the order is kept
            }
        }

        while (kept.TryPop(out var connection))
        {
            _idle.Push(connection);
        }

        return expired;
    }
}
