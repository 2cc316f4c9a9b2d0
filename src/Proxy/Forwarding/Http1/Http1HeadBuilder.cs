using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// A request head written into one pooled buffer (grown by doubling), header text as Latin-1 bytes without
/// intermediate strings. Return the buffer with <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// A head is held until the backend answers (a stale connection sends it again), so one buffer is out per request in
/// flight: 640 under h2load's 64 connections of 10 streams. The shared array pool keeps 32 arrays of a size per core, so
/// most of those rents missed it and allocated a new array each (bench/proxy/README.md). The first buffer of a head
/// therefore comes from a lock-free queue of its own that keeps up to <see cref="PooledHeads"/> of them; the rare head
/// that outgrows it takes a larger one from the shared pool.
/// </remarks>
internal sealed class Http1HeadBuilder : IDisposable
{
    /// <summary>First buffers kept for reuse: 2 MiB at most, and only once that many requests were in flight together.</summary>
    public const int PooledHeads = 1024;

    private const int InitialBytes = 2048;
    private static readonly ConcurrentQueue<byte[]> Heads = new();
    private static int _pooled;

    private byte[] _buffer = RentHead();

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

    /// <summary>Forgets what was written, keeping the buffer for the next head (one builder per connection).</summary>
    public void Clear() => Length = 0;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Append(string text)
    {
        Ensure(text.Length);
        Length += Encoding.Latin1.GetBytes(text, _buffer.AsSpan(Length));
    }

    public void Append(long value)
    {
        Ensure(20);
        value.TryFormat(_buffer.AsSpan(Length), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        Length += written;
    }

    /// <summary>Appends a value formatted as UTF-8 (an IP address, ASCII in practice).</summary>
    public void Append<T>(T value)
        where T : IUtf8SpanFormattable
    {
        Ensure(64);
        value.TryFormat(_buffer.AsSpan(Length), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        Length += written;
    }

    /// <summary><c>name: value CRLF</c>.</summary>
    public void Field(string name, string value)
    {
        Append(name);
        Append(": "u8);
        Append(value);
        Append("\r\n"u8);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            Return(buffer);
        }
    }

    private void Ensure(int more)
    {
        if (Length + more <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(Length + more, _buffer.Length * 2));
        _buffer.AsSpan(0, Length).CopyTo(larger);
        Return(_buffer);
        _buffer = larger;
    }

    private static byte[] RentHead()
    {
        if (Heads.TryDequeue(out var buffer))
        {
            Interlocked.Decrement(ref _pooled);
            return buffer;
        }

        return new byte[InitialBytes];
    }

    private static void Return(byte[] buffer)
    {
        if (buffer.Length != InitialBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        else if (Interlocked.Increment(ref _pooled) <= PooledHeads)
        {
            Heads.Enqueue(buffer);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
        }
    }
}
