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
/// <remarks>
/// At most <paramref name="maxConnections"/> connections are open to the endpoint (idle, in use or connecting), as
/// HAProxy's <c>maxconn</c> per server and nginx's <c>max_conns</c> bound them: a request that finds none idle and
/// the bound reached waits in a queue, first come first served, for a connection given back (handed to it instead
/// of going idle) or for the slot of one closed (<see cref="ReserveAsync"/>). Without the bound h2c load opened one
/// connection per stream in flight, hundreds per backend, each holding its socket, its state and a 16 KiB buffer.
/// </remarks>
internal sealed class Http1EndpointPool(TimeProvider time, TimeSpan idleTimeout, TimeSpan maxLifetime, int maxConnections = int.MaxValue)
{
    private static readonly Action<object?, CancellationToken> GiveUp = static (turn, token) => ((TaskCompletionSource<Http1Connection?>)turn!).TrySetCanceled(token);

    private readonly Lock _gate = new();
    private readonly List<Http1Connection> _idle = []; // oldest first, the newest at the end
    private readonly Queue<TaskCompletionSource<Http1Connection?>> _waiting = new(); // first come first served
    private int _fewestIdle; // the fewest idle connections since the last trim
    private int _open; // connections holding a slot: idle, in use, or being opened
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

    /// <summary>Open connections to the endpoint: idle, in use, or being opened.</summary>
    public int OpenCount
    {
        get
        {
            lock (_gate)
            {
                return _open;
            }
        }
    }

    /// <summary>Requests waiting in the queue for a connection (those whose wait ended are counted until their turn).</summary>
    public int WaitingCount
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
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

                connection = TakeNewest();
            }

            if (time.GetElapsedTime(connection.IdleSince) < idleTimeout)
            {
                return connection;
            }

            connection.Dispose();
        }
    }

    /// <summary>
    /// An idle connection, or null with a slot reserved for a new one (opened by the caller, who gives the slot back
    /// with <see cref="ReleaseSlot"/> if it cannot), or, with the bound reached, a wait in the queue for either: a
    /// connection given back, or the slot of one closed. The wait ends with <paramref name="cancellationToken"/>, or
    /// after <paramref name="wait"/> as a cancellation its caller's token did not ask for (a timeout).
    /// </summary>
    public async ValueTask<Http1Connection?> ReserveAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        while (true)
        {
            Http1Connection? idle = null;
            TaskCompletionSource<Http1Connection?>? turn = null;
            lock (_gate)
            {
                if (_idle.Count > 0)
                {
                    idle = TakeNewest();
                }
                else
                {
                    turn = ReserveOrQueue();
                }
            }

            if (turn is not null)
            {
                using var timeout = new CancellationTokenSource(wait, time);
                using var timedOut = timeout.Token.UnsafeRegister(GiveUp, turn);
                using var cancelled = cancellationToken.UnsafeRegister(GiveUp, turn);
                return await turn.Task.ConfigureAwait(false);
            }

            if (idle is null || time.GetElapsedTime(idle.IdleSince) < idleTimeout)
            {
                return idle;
            }

            idle.Dispose(); // its slot goes to the first in the queue, or back to the count: try again
        }
    }

    /// <summary>
    /// The slot of a connection closed or never opened: to the first request still waiting in the queue (which then
    /// opens a connection in it), else counted free.
    /// </summary>
    public void ReleaseSlot()
    {
        lock (_gate)
        {
            while (_waiting.TryDequeue(out var turn))
            {
                if (turn.TrySetResult(null))
                {
                    return;
                }
            }

            _open--;
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
            if (!close && !HandOff(connection))
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

    /// <summary>Closes the idle connections; those waiting in the queue get a slot each (their connections close when given back).</summary>
    public void Dispose()
    {
        List<Http1Connection> idle;
        lock (_gate)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
            while (_waiting.TryDequeue(out var turn))
            {
                turn.TrySetResult(null);
            }
        }

        idle.ForEach(c => c.Dispose());
    }

    /// <summary>With a slot free (or the pool disposed), reserves it and returns null; else a place in the queue (under the gate).</summary>
    private TaskCompletionSource<Http1Connection?>? ReserveOrQueue()
    {
        if (_open < maxConnections || _disposed)
        {
            _open++;
            return null;
        }

        var turn = new TaskCompletionSource<Http1Connection?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Enqueue(turn);
        return turn;
    }

    /// <summary>The newest idle connection, taken (under the gate).</summary>
    private Http1Connection TakeNewest()
    {
        var connection = _idle[^1];
        _idle.RemoveAt(_idle.Count - 1);
        _fewestIdle = Math.Min(_fewestIdle, _idle.Count);
        return connection;
    }

    /// <summary>A connection given back, to the first request still waiting in the queue (under the gate); false when none waits.</summary>
    private bool HandOff(Http1Connection connection)
    {
        while (_waiting.TryDequeue(out var turn))
        {
            if (turn.TrySetResult(connection))
            {
                return true;
            }
        }

        return false;
    }
}
