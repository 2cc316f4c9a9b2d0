using System.Net;
using System.Net.Sockets;

namespace GitGateway.Fixtures;

/// <summary>Free loopback ports for servers a test starts.</summary>
public static class Ports
{
    /// <summary>A TCP port that was free on 127.0.0.1 a moment ago.</summary>
    public static int FreeTcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A UDP port that was free on 127.0.0.1 a moment ago.</summary>
    public static int FreeUdp()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }
}
