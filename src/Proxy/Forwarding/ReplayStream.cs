namespace GitGateway.Proxy.Forwarding;

/// <summary>One try's view of a <see cref="ReplayableBody"/>: reads from the first byte, forward only.</summary>
internal sealed class ReplayStream(ReplayableBody body, int generation) : ReadOnlyBodyStream
{
    private long _position;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await body.ReadAsync(generation, _position, buffer, cancellationToken);
        _position += read;
        return read;
    }
}
