using System.Buffers;
using GitGateway.Proxy.Forwarding;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// The request body after the WAF read part of it: first the bytes it buffered, then whatever the client still
/// sends, so the backend receives exactly the body the client sent. Disposing returns the pooled buffer.
/// </summary>
internal sealed class WafReplayStream(byte[] buffer, int length, Stream? rest) : ReadOnlyBodyStream
{
    private byte[]? _buffer = buffer;
    private int _position;

    public override ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        var taken = TakeBuffered(destination.Span);
        return taken > 0 || destination.IsEmpty ? ValueTask.FromResult(taken) : rest?.ReadAsync(destination, cancellationToken) ?? ValueTask.FromResult(0);
    }

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
