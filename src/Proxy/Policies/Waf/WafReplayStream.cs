using System.Buffers;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// The request body after the WAF read part of it: first the bytes it buffered, then whatever the client still
/// sends, so the backend receives exactly the body the client sent. Disposing returns the pooled buffer.
/// </summary>
internal sealed class WafReplayStream(byte[] buffer, int length, Stream? rest) : Stream
{
    private byte[]? _buffer = buffer;
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        var taken = TakeBuffered(destination);
        return taken > 0 || destination.IsEmpty ? taken : rest?.Read(destination) ?? 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        var taken = TakeBuffered(destination.Span);
        return taken > 0 || destination.IsEmpty ? ValueTask.FromResult(taken) : rest?.ReadAsync(destination, cancellationToken) ?? ValueTask.FromResult(0);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _buffer, null) is { } pooled)
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }

        base.Dispose(disposing);
    }

    private int TakeBuffered(Span<byte> destination)
    {
        var pooled = _buffer;
        var remaining = length - _position;
        if (pooled is null || remaining <= 0)
        {
            return 0;
        }

        var count = Math.Min(remaining, destination.Length);
        pooled.AsSpan(_position, count).CopyTo(destination);
        _position += count;
        return count;
    }
}
