using System.Net.Sockets;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>The accept loop of a test server on a raw socket: each connection is handed over until the listener stops.</summary>
internal static class AcceptLoop
{
    public static async Task RunAsync(TcpListener listener, Action<Socket> accepted, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                accepted(await listener.AcceptSocketAsync(token));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
