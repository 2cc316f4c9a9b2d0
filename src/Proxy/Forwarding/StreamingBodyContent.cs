using System.Buffers;
using System.Net;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Streams the client's request body to the backend as it arrives, flushing each chunk so that streaming calls
/// (gRPC client streams) see every message at once; nothing is buffered beyond one pooled chunk. With
/// <paramref name="ownsSource"/> the source is disposed once sent (a mirror's pipe, whose writer then stops).
/// </summary>
internal sealed class StreamingBodyContent(Stream source, CancellationToken cancellationToken, bool ownsSource = false) : HttpContent
{
    private const int ChunkSize = 16 * 1024;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, cancellationToken);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken token)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), linked.Token)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, read), linked.Token);
                await stream.FlushAsync(linked.Token);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (ownsSource)
            {
                await source.DisposeAsync();
            }
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
