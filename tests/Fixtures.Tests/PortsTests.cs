using System.Net;
using System.Net.Sockets;

namespace GitGateway.Fixtures.Tests;

public sealed class PortsTests
{
    private static (int Low, int High) Ephemeral()
    {
        var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void FreeTcp_PortsBelowTheEphemeralRange_DistinctAndBindable()
    {
        Assert.SkipUnless(File.Exists("/proc/sys/net/ipv4/ip_local_port_range"), "no ip_local_port_range: not Linux");
        var (low, _) = Ephemeral();
        Assert.SkipUnless(low > 11_000, $"the ephemeral range starts at {low}: no room below it, the kernel picks");

        var ports = Enumerable.Range(0, 200).Select(_ => Ports.FreeTcp()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 10_000, low - 1));
        using var listener = new TcpListener(IPAddress.Loopback, ports[^1]);
        listener.Start(); // still free: nothing binding port 0 lands there
    }

    [Fact]
    public void FreeTcp_AConnectionsLocalPort_IsNeverGiven()
    {
        Assert.SkipUnless(File.Exists("/proc/sys/net/ipv4/ip_local_port_range"), "no ip_local_port_range: not Linux");
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        using var client = new TcpClient();
        client.Connect((IPEndPoint)server.LocalEndpoint);
        var (low, high) = Ephemeral();
        var local = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        Assert.InRange(local, low, high); // where the kernel puts connections and port 0

        var given = Enumerable.Range(0, 100).Select(_ => Ports.FreeUdp()).Concat(Enumerable.Range(0, 100).Select(_ => Ports.FreeTcp()));

        Assert.DoesNotContain(given, port => port >= low && port <= high);
    }
}
