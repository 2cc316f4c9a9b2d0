using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace GitGateway.Fixtures;

/// <summary>
/// Free loopback ports for servers a test cannot start on port 0: a foreign process, or a node whose port map must
/// be known before it starts. A server of our own binds port 0 and reads the port it got instead: a port picked
/// here is free only until someone else binds it.
/// </summary>
public static class Ports
{
    private static readonly ConcurrentDictionary<int, bool> GivenTcp = new();
    private static readonly ConcurrentDictionary<int, bool> GivenUdp = new();

    /// <summary>
    /// A TCP port that was free on 127.0.0.1 a moment ago and that this process has not been given before: the
    /// kernel may pick a port again once it is closed, and two servers of one test given the same port (two nodes'
    /// port maps, a backend meant to stay dead and a node's listener) collide when the second binds.
    /// </summary>
    public static int FreeTcp() => Unique(GivenTcp, () =>
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    });

    /// <summary>A UDP port that was free on 127.0.0.1 a moment ago and that this process has not been given before.</summary>
    public static int FreeUdp() => Unique(GivenUdp, () =>
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    });

    private static int Unique(ConcurrentDictionary<int, bool> given, Func<int> pick)
    {
        var port = pick();
        for (var tries = 0; !given.TryAdd(port, true) && tries < 1000; tries++)
        {
            port = pick();
        }

        return port;
    }
}
