using System.Buffers;
using System.Net;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Streams the client's request body to the backend as it arrives, flushing each chunk so that streaming calls
/// (gRPC client streams) see every message at once; nothing is buffered beyond one pooled chunk. With
/// <paramref name="ownsSource"/> the source is disposed once sent (a mirror's pipe, whose writer then stops).
/// A source that cannot be read (the client sent a bad chunk, or closed before its Content-Length) is kept as the
/// client's error before the send fails, so that the forwarder answers the client's 400 and not a lost backend's
/// 503, as <see cref="Http1.Http1Upstream"/> does.
/// </summary>
internal sealed class StreamingBodyContent(Stream source, CancellationToken cancellationToken, bool ownsSource = false) : HttpContent
{
    private const int ChunkSize = 16 * 1024;
    private BadHttpRequestException? _badBody;

    /// <summary>
    /// Why <paramref name="message"/> failed when its body could not be read from the client and the exchange was
    /// not cancelled (a cancelled read is a timeout or a client gone, never a bad body); null otherwise.
    /// </summary>
    public static BadHttpRequestException? ClientFailure(HttpRequestMessage message, CancellationToken token) =>
        token.IsCancellationRequested ? null : (message.Content as StreamingBodyContent)?.BadBody;

    private BadHttpRequestException? BadBody => Volatile.Read(ref _badBody);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, cancellationToken);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken token)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await ReadAsync(buffer, linked.Token)) > 0)
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

    private async ValueTask<int> ReadAsync(byte[] buffer, CancellationToken token)
    {
        try
        {
            return await source.ReadAsync(buffer.AsMemory(0, ChunkSize), token);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            Volatile.Write(ref _badBody, ClientBodyError.From(e));
            throw;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
