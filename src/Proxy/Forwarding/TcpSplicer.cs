using System.IO.Pipelines;
using System.Net.Sockets;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Splices a client connection (a Kestrel transport, TLS-decrypted or raw) and a backend socket or stream. The client's
/// end of stream is passed on as a half-close (FIN) so request/response protocols finish cleanly; the backend
/// closing ends the connection.
/// </summary>
internal static class TcpSplicer
{
    public static async Task SpliceAsync(IDuplexPipe client, Socket backend, CancellationToken cancellationToken)
    {
        var stream = new NetworkStream(backend, ownsSocket: true);
        await SpliceAsync(client, stream, () =>
        {
            backend.Shutdown(SocketShutdown.Send);
            return ValueTask.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>Splices with a backend stream (e.g. TLS to the backend); <paramref name="halfClose"/> passes the client's end of stream on.</summary>
    public static async Task SpliceAsync(IDuplexPipe client, Stream backend, Func<ValueTask> halfClose, CancellationToken cancellationToken)
    {
        await using var stream = backend;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var upstream = ClientToBackendAsync(client.Input, stream, halfClose, cts.Token);
        try
        {
            await stream.CopyToAsync(client.Output, cts.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // either side reset: the connection is over
        }

        await cts.CancelAsync();
        await upstream;
        await client.Output.CompleteAsync();
    }

    private static async Task ClientToBackendAsync(PipeReader input, Stream stream, Func<ValueTask> halfClose, CancellationToken cancellationToken)
    {
        try
        {
            await input.CopyToAsync(stream, cancellationToken);
            await halfClose();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // the other direction ended first
        }
    }
}
