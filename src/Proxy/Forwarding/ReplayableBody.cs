using System.Buffers;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// A request body that a retry can send again: every try streams it as it arrives from the client, and the bytes
/// read so far are recorded in a pooled buffer of at most <see cref="Bound"/> (64 KiB, as Envoy's default
/// retry buffer) bytes. A later try replays the recording, then goes on reading the client. Once the body
/// outgrows the bound the recording is returned to the pool and the body can no longer be replayed: the try that
/// is streaming it is the last one. So a body with a Content-Length above the bound is not recorded at all,
/// and a chunked one is retryable while what has been read of it is within the bound (all of it, if it ends within).
/// </summary>
/// <remarks>
/// Tries run one after another, but a superseded try's content may still be draining (HTTP/2 sends the body
/// concurrently with the response). Reads therefore take a gate and carry their try's generation; a read of an
/// older generation fails, and bytes it took from the client are recorded for the current try.
/// </remarks>
internal sealed class ReplayableBody : IDisposable
{
    /// <summary>The most a request keeps in memory so a retry can send its body again.</summary>
    public const int Bound = 64 * 1024;

    private const int InitialCapacity = 4 * 1024;
    private readonly Stream _source;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _buffer;
    private long _read;
    private bool _ended;
    private volatile bool _overflowed;
    private volatile bool _disposed;
    private int _generation;

    private ReplayableBody(Stream source, long? contentLength)
    {
        _source = source;
        _buffer = ArrayPool<byte>.Shared.Rent(contentLength is { } length ? (int)Math.Max(1, length) : InitialCapacity);
    }

    /// <summary>Whether every byte read so far is recorded, so another try can send the body again.</summary>
    public bool CanReplay => !_overflowed && !_disposed;

    /// <summary>A recorder for a body that may fit the bound, or null when its Content-Length says it cannot.</summary>
    public static ReplayableBody? TryCreate(Stream source, long? contentLength) =>
        contentLength > Bound ? null : new ReplayableBody(source, contentLength);

    /// <summary>
    /// Whether another try can send the body again, decided once a read the current try has in flight has ended and
    /// been recorded; when it can, the current try stops reading (its next read fails), so it cannot outgrow the bound
    /// before the retry starts. <see cref="CanReplay"/> alone races that read: it may outgrow the bound just after,
    /// and the retry would find nothing to replay. When it cannot, the current try goes on as the last one. False
    /// when <paramref name="cancellationToken"/> ends the wait.
    /// </summary>
    public async ValueTask<bool> ClaimRetryAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _gate.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        var claimed = CanReplay;
        if (claimed)
        {
            Interlocked.Increment(ref _generation);
        }

        _gate.Release();
        return claimed;
    }

    /// <summary>The body for the next try, from its first byte; earlier tries' streams stop working.</summary>
    public Stream NextTry() => new ReplayStream(this, Interlocked.Increment(ref _generation));

    public void Dispose()
    {
        _disposed = true;
        if (_gate.Wait(0))
        {
            ReturnBuffer();
            _gate.Release();
        }

        // Otherwise a superseded read holds the gate and returns the buffer when it lets go.
    }

    internal async ValueTask<int> ReadAsync(int generation, long position, Memory<byte> destination, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (generation != Volatile.Read(ref _generation) || _disposed)
            {
                throw new OperationCanceledException("a later try sends the request body now");
            }

            if (position < _read)
            {
                return Replay(position, destination.Span);
            }

            if (_ended)
            {
                return 0;
            }

            var read = await _source.ReadAsync(destination, cancellationToken);
            Record(destination.Span[..read]);
            return read;
        }
        finally
        {
            if (_disposed)
            {
                ReturnBuffer();
            }

            _gate.Release();
        }
    }

    private int Replay(long position, Span<byte> destination)
    {
        if (_buffer is null)
        {
            // Only the try that outgrew the bound may go on; the bytes before its position are gone.
            throw new IOException("the request body outgrew the retry buffer");
        }

        var count = (int)Math.Min(destination.Length, _read - position);
        _buffer.AsSpan((int)position, count).CopyTo(destination);
        return count;
    }

    private void Record(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            _ended = true;
            return;
        }

        var length = _read + data.Length;
        if (_buffer is not null && length > Bound)
        {
            _overflowed = true;
            ReturnBuffer();
        }
        else if (_buffer is not null)
        {
            EnsureCapacity((int)length);
            data.CopyTo(_buffer.AsSpan((int)_read));
        }

        _read = length;
    }

    private void EnsureCapacity(int length)
    {
        if (length <= _buffer!.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(Bound, Math.Max(length, _buffer.Length * 2)));
        _buffer.AsSpan(0, (int)_read).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private void ReturnBuffer()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
