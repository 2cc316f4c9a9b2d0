using System.Buffers;
using System.Net.Sockets;

namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// One keep-alive connection to a backend: the socket and a pooled read buffer holding bytes received but not
/// yet used (<see cref="Start"/> to <see cref="End"/>). Used by one exchange at a time. A connection that stays
/// idle gives its buffer back (<see cref="ReleaseBuffer"/>): after a burst the pool keeps hundreds of idle connections
/// for a few seconds, and each buffer is 16 KiB.
/// </summary>
/// <remarks>
/// A connection taken from the pool posts the receive of its answer before the request goes out
/// (<see cref="ReceiveBeforeReuse"/>): that receive's first attempt is the check that the backend did not close the
/// idle connection (it finds the close, a reset or unasked bytes at once), and the answer completes the same receive,
/// so a reuse pays one system call for both instead of a poll(2) and a receive tried right after the send.
/// </remarks>
internal sealed class Http1Connection(Socket socket, string endpoint) : IDisposable
{
    private const int InitialBuffer = 16 * 1024;

    private static readonly Action<object?> AbortOnCancel = static state => ((Http1Connection)state!).Abort();

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private Http1Exchange? _exchange;
    private ValueTask<int> _next;
    private bool _nextPending;
    private CancellationTokenRegistration _cancel;
    private Http1EndpointPool? _slot;

    public string Endpoint => endpoint;

    /// <summary>Whether an exchange already ran on this connection (a failure before any answer may then be a stale connection).</summary>
    public bool Reused { get; set; }

    /// <summary>When the connection was opened, as a <see cref="TimeProvider"/> timestamp (for the maximum lifetime).</summary>
    public long OpenedAt { get; init; }

    /// <summary>The pool whose bound this connection counts against: its slot goes back there when the connection closes.</summary>
    public Http1EndpointPool? Slot { init => _slot = value; }

    /// <summary>When the connection went idle, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long IdleSince { get; set; }

    public Http1ResponseHead Head { get; } = new();

    /// <summary>The previous answer's header values, reused when a value repeats (<see cref="Http1Response.CopyHead"/>).</summary>
    public Http1ValueCache Values { get; } = new();

    public byte[] Buffer => _buffer;

    /// <summary>What carries a request on this connection, reused by each (<see cref="Http1Upstream.SendAsync"/>).</summary>
    public Http1Exchange Exchange => _exchange ??= new Http1Exchange(this);

    public int Start { get; set; }

    public int End { get; private set; }

    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(Start, End - Start);

    public ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => SendAllAsync(data, cancellationToken);

    /// <summary>
    /// Receives more bytes after <see cref="End"/>, first moving unused bytes to the front and growing the buffer
    /// (up to <paramref name="limit"/>) when it is full. Returns the bytes received, 0 when the server closed; they
    /// count as buffered once passed to <see cref="Commit"/>. Not itself async (the socket's own awaitable is
    /// returned), so a wait for the backend allocates no state machine here.
    /// </summary>
    public ValueTask<int> ReceiveAsync(int limit, CancellationToken cancellationToken)
    {
        if (_nextPending)
        {
            return TakeNextReceive(cancellationToken);
        }

        if (_buffer.Length == 0)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        }
        else if (Start > 0)
        {
            _buffer.AsSpan(Start, End - Start).CopyTo(_buffer);
            End -= Start;
            Start = 0;
        }

        if (End == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(limit, _buffer.Length), _buffer.Length * 2));
            _buffer.AsSpan(0, End).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return socket.ReceiveAsync(_buffer.AsMemory(End), SocketFlags.None, cancellationToken);
    }

    /// <summary>Adds <paramref name="received"/> bytes of a <see cref="ReceiveAsync"/> to the buffered ones; returns it.</summary>
    public int Commit(int received)
    {
        if (_cancel != default)
        {
            _cancel.Unregister();
            _cancel = default;
        }

        End += received;
        return received;
    }

    /// <summary>Forgets buffered bytes (between exchanges nothing should be buffered).</summary>
    public void Clear()
    {
        Start = 0;
        End = 0;
    }

    /// <summary>
    /// Gives the read buffer back to the array pool, where anything may rent and write it, from a connection that
    /// stays idle; its next use rents one (<see cref="ReceiveBeforeReuse"/>). A connection given back with the
    /// receive posted at its take still pending keeps its buffer, which that receive may yet write.
    /// </summary>
    public void ReleaseBuffer()
    {
        if (_nextPending || _buffer.Length == 0)
        {
            return;
        }

        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>
    /// Posts the receive of the next answer on an idle connection about to be reused, into the whole buffer (which
    /// <see cref="Clear"/> emptied); whether the connection is still usable. Its first attempt asks the kernel, as a
    /// poll(2) would: a receive that ends at once means the server closed the connection, reset it or sent something
    /// unasked. A connection given back unused keeps the receive it had, and is then polled as well.
    /// </summary>
    public bool ReceiveBeforeReuse()
    {
        if (_nextPending)
        {
            return LooksAlive();
        }

        if (_buffer.Length == 0)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        }

        _nextPending = true;
        try
        {
            _next = socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, CancellationToken.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _next = new ValueTask<int>(0);
        }

        return !_next.IsCompleted;
    }

    /// <summary>
    /// Whether an idle connection still looks usable: nothing to read (a readable idle socket, or a completed receive
    /// posted on it, means the server closed it or sent something unasked). Costs one poll(2) that does not block.
    /// </summary>
    public bool LooksAlive()
    {
        if (_nextPending && _next.IsCompleted)
        {
            return false;
        }

        try
        {
            return !socket.Poll(0, SelectMode.SelectRead);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Closes the socket (pending receives end) but keeps the buffer until <see cref="Dispose"/>.</summary>
    public void Abort() => socket.Dispose();

    public void Dispose()
    {
        socket.Dispose();
        _cancel.Unregister();
        _exchange?.Dispose();
        var buffer = _buffer;
        _buffer = [];

        if (_nextPending && _next.IsFaulted)
        {
            _ = _next.AsTask().Exception; // a receive that failed at once (a reset): observed here, not by the finalizer
        }

        // A receive still pending may yet be written by the socket engine: its buffer is left to the collector.
        if (buffer.Length > 0 && !(_nextPending && !_next.IsCompleted))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        Interlocked.Exchange(ref _slot, null)?.ReleaseSlot(); // once, however often the connection is disposed
    }

    /// <summary>
    /// The receive posted before the reuse, as the receive of the answer: the request's cancellation aborts the
    /// connection, which ends it (it was posted without a token); <see cref="Commit"/> undoes that.
    /// </summary>
    private ValueTask<int> TakeNextReceive(CancellationToken cancellationToken)
    {
        _nextPending = false;
        if (cancellationToken.CanBeCanceled && !_next.IsCompleted)
        {
            _cancel = cancellationToken.UnsafeRegister(AbortOnCancel, this);
        }

        return _next;
    }

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken);
            data = data[sent..];
        }
    }
}
