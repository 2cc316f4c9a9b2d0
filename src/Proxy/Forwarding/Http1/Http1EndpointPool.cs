namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// The idle keep-alive connections to one endpoint, newest on top so the busiest stay warm. A connection idle
/// longer than the idle timeout is closed when found (on take, and by <see cref="Trim"/>), and one returned past the
/// maximum lifetime is closed instead of kept. Idle connections are kept by recent demand: those no request took
/// between two trims (the fewest idle in that while, the oldest ones) are surplus, and each trim closes half of them,
/// so a burst's connections go within seconds of its end, not only at the idle timeout, while a steady load keeps
/// what it uses and a single idle connection stays for its whole idle timeout. The surplus that stays gives its read
/// buffers back; a connection that is taken again and again keeps its own (renting one for each request missed the
/// shared array pool under h2c load, with hundreds of requests in flight, and cost CPU per request).
/// </summary>
internal sealed class Http1EndpointPool(TimeProvider time, TimeSpan idleTimeout, TimeSpan maxLifetime)
{
    private readonly Lock _gate = new();
    private readonly List<Http1Connection> _idle = []; // oldest first, the newest at the end
    private int _fewestIdle; // the fewest idle connections since the last trim
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
            Http1Connection connection;
            lock (_gate)
            {
                if (_idle.Count == 0)
                {
                    return null;
                }

                connection = _idle[^1];
                _idle.RemoveAt(_idle.Count - 1);
                _fewestIdle = Math.Min(_fewestIdle, _idle.Count);
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
        bool close;
        lock (_gate)
        {
            close = _disposed || time.GetElapsedTime(connection.OpenedAt, now) >= maxLifetime;
            if (!close)
            {
                _idle.Add(connection);
            }
        }

        if (close)
        {
            connection.Dispose();
        }
    }

    /// <summary>
    /// Closes the connections past the idle timeout and half (rounded down) of those no request took since the last
    /// trim, oldest first, and takes the read buffers of the other half; returns how many stay idle.
    /// </summary>
    public int Trim()
    {
        var now = time.GetTimestamp();
        List<Http1Connection> closing;
        int left;
        lock (_gate)
        {
            var count = Math.Min(_fewestIdle, _idle.Count) / 2;
            while (count < _idle.Count && time.GetElapsedTime(_idle[count].IdleSince, now) >= idleTimeout)
            {
                count++;
            }

            closing = _idle.GetRange(0, count);
            _idle.RemoveRange(0, count);
            for (var i = 0; i < Math.Min(_fewestIdle - count, _idle.Count); i++)
            {
                _idle[i].ReleaseBuffer(); // idle through the interval and kept: no buffer until a request takes it
            }

            _fewestIdle = left = _idle.Count;
        }

        closing.ForEach(c => c.Dispose());
        return left;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _idle.ForEach(c => c.Dispose());
            _idle.Clear();
        }
    }
}
