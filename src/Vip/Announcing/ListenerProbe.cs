using System.Net;
using System.Net.Sockets;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// Whether the local proxy is really there for a VIP: every port the VIP fronts accepts a TCP connection on the
/// probe address within the timeout. Only the floor asks; readiness stays the proxy's own word.
/// </summary>
internal static class ListenerProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    public static async Task<bool> AcceptsAsync(IPAddress address, IEnumerable<int> ports, TimeProvider time, CancellationToken cancellationToken)
    {
        var any = false;
        foreach (var port in ports)
        {
            any = true;
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = new CancellationTokenSource(Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), linked.Token);
            }
            catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return false;
            }
        }

        return any; // a VIP fronting no port has no listener to vouch for it
    }
}
