using System.IO.Pipelines;
using System.Net.Sockets;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Splices a client connection (a Kestrel transport, TLS-decrypted or raw) and a backend socket. The client's
/// end of stream is passed on as a half-close (FIN) so request/response protocols finish cleanly; the backend
/// closing ends the connection.
/// </summary>
internal static class TcpSplicer
{
    public static async Task SpliceAsync(IDuplexPipe client, Socket backend, CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(backend, ownsSocket: true);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var upstream = ClientToBackendAsync(client.Input, stream, backend, cts.Token);
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

    private static async Task ClientToBackendAsync(PipeReader input, NetworkStream stream, Socket backend, CancellationToken cancellationToken)
    {
        try
        {
            await input.CopyToAsync(stream, cancellationToken);
            backend.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // the other direction ended first
        }
    }
}
