using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Forwarding;

/// <summary>Opens a TCP connection to a weighted backend of an L4 route, trying the next endpoint on failure.</summary>
internal static class L4Connector
{
    public static async Task<(Socket? Socket, CompiledBackend? Backend)> ConnectAsync(CompiledL4Route route, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var backend = route.Backends.Choose();
        if (backend?.Endpoints is not { } endpoints)
        {
            return (null, backend);
        }

        for (var i = 0; i < endpoints.Authorities.Length; i++)
        {
            string authority;
            using (var pick = endpoints.Pick())
            {
                authority = pick.Authority;
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var deadline = new Deadline(cancellationToken, (long)timeout.TotalMilliseconds, time);
            try
            {
                await socket.ConnectAsync(ToEndPoint(authority), deadline.Token);
                return (socket, backend);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return (null, backend);
    }

    public static EndPoint ToEndPoint(string authority)
    {
        var colon = authority.LastIndexOf(':');
        var host = authority[..colon].Trim('[', ']');
        var port = int.Parse(authority.AsSpan(colon + 1), CultureInfo.InvariantCulture);
        return IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);
    }
}
