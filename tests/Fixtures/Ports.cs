using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace GitGateway.Fixtures;

/// <summary>
/// Free loopback ports for servers a test cannot start on port 0: a foreign process, or a node whose port map must
/// be known before it starts. A server of our own binds port 0 and reads the port it got instead: a port picked
/// here is free only until someone else binds it.
/// </summary>
/// <remarks>
/// Ports are picked below the kernel's ephemeral range (<c>ip_local_port_range</c>), where no socket binding port 0
/// and no client connection's local end can land: a port from the ephemeral range, released before its server binds
/// it, could be taken meanwhile by any connection of the run ("address already in use").
/// </remarks>
public static class Ports
{
    private const int Lowest = 10_000;
    private static readonly ConcurrentDictionary<int, bool> GivenTcp = new();
    private static readonly ConcurrentDictionary<int, bool> GivenUdp = new();
    private static readonly int EphemeralLow = ReadEphemeralLow();

    /// <summary>
    /// A TCP port that was free on 127.0.0.1 a moment ago and that this process has not been given before: two
    /// servers of one test given the same port (two nodes' port maps, a backend meant to stay dead and a node's
    /// listener) collide when the second binds.
    /// </summary>
    public static int FreeTcp() => Unique(GivenTcp, port =>
    {
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    });

    /// <summary>A UDP port that was free on 127.0.0.1 a moment ago and that this process has not been given before.</summary>
    public static int FreeUdp() => Unique(GivenUdp, port =>
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    });

    /// <summary>A port bound once and released: below the ephemeral range when there is room, else the kernel's pick.</summary>
    private static int Unique(ConcurrentDictionary<int, bool> given, Func<int, int> bind)
    {
        for (var tries = 0; tries < 1000; tries++)
        {
            var candidate = EphemeralLow > Lowest + 1000 ? Random.Shared.Next(Lowest, EphemeralLow) : 0;
            if (candidate != 0 && given.ContainsKey(candidate))
            {
                continue;
            }

            int port;
            try
            {
                port = bind(candidate);
            }
            catch (SocketException)
            {
                continue; // in use: another process's server
            }

            if (given.TryAdd(port, true))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no free loopback port left to give");
    }

    private static int ReadEphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0; // not Linux: the kernel picks
        }
    }
}
