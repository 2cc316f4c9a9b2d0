using System.Net;
using System.Net.Sockets;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// Whether the local proxy is really there for a VIP. A bare TCP connect cannot tell: another process holding the
/// VIP's port (the proxy gone, or never bound there) accepts too. So the proxy's own latest answer must name every
/// port the VIP fronts as bound (<see cref="ProxyReadiness.BoundPorts"/>: the <c>ports</c> of its <c>/readyz</c>,
/// or the node's own state in <c>gitgateway-proxy --vip</c>), and each must accept a TCP connection on the probe
/// address within the timeout. A proxy that does not answer, or answers without its ports, vouches for nothing.
/// Only the floor asks; readiness stays the proxy's own word. Nothing is added to the request path.
/// </summary>
internal static class ListenerProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    public static async Task<bool> VouchesAsync(
        IPAddress address, IReadOnlyCollection<int> ports, IReadOnlySet<int>? boundByProxy, TimeProvider time, CancellationToken cancellationToken)
    {
        // A VIP fronting no port has no listener to vouch for it; a port the proxy does not claim is someone else's.
        if (ports.Count == 0 || boundByProxy is null || !ports.All(boundByProxy.Contains))
        {
            return false;
        }

        foreach (var port in ports)
        {
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

        return true;
    }
}
