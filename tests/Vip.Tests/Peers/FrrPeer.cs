using System.Globalization;
using System.Text.Json;
using GitGateway.Fixtures;

namespace GitGateway.Vip.Tests.Peers;

/// <summary>FRR's bgpd alone (no zebra: <c>-Z</c>; as root: <c>-S</c>) inside a namespace; read with vtysh over its socket.</summary>
internal sealed class FrrPeer : IDisposable
{
    private readonly DaemonProcess _daemon;
    private readonly string _dir;

    private FrrPeer(DaemonProcess daemon, string dir)
    {
        _daemon = daemon;
        _dir = dir;
    }

    public string Log => _daemon.Output;

    /// <summary>Starts bgpd; <paramref name="neighborOptions"/> are extra <c>neighbor X …</c> lines (e.g. <c>password k</c>).</summary>
    public static async Task<FrrPeer> StartAsync(string netns, string routerId, uint localAs, string neighbor, uint neighborAs, CancellationToken cancellationToken, params string[] neighborOptions)
    {
        var bgpd = Peer.Require("bgpd", "frr");
        Peer.Require("vtysh", "frr");
        var dir = Directory.CreateTempSubdirectory("gg-frr-").FullName;
        var extra = string.Join("\n", neighborOptions.Select(o => $" neighbor {neighbor} {o}"));
        var config = string.Create(CultureInfo.InvariantCulture, $"""
            hostname gg
            log stdout
            router bgp {localAs}
             bgp router-id {routerId}
             no bgp ebgp-requires-policy
             neighbor {neighbor} remote-as {neighborAs}
             neighbor {neighbor} passive
            {extra}
             address-family {(neighbor.Contains(':', StringComparison.Ordinal) ? "ipv6" : "ipv4")} unicast
              neighbor {neighbor} activate
             exit-address-family
            """);
        var path = Path.Combine(dir, "bgpd.conf");
        await File.WriteAllTextAsync(path, config, cancellationToken);
        var daemon = DaemonProcess.Start(bgpd, ["-S", "-Z", "-f", path, "-i", Path.Combine(dir, "bgpd.pid"), "--vty_socket", dir, "-p", "179"], netns);
        var peer = new FrrPeer(daemon, dir);
        var (code, _) = await Command.PollAsync(() => peer.VtyshAsync("show bgp summary json", cancellationToken), r => r.ExitCode == 0, TimeSpan.FromSeconds(10), cancellationToken);
        if (code != 0)
        {
            peer.Dispose();
            throw new InvalidOperationException("bgpd did not start: " + peer.Log);
        }

        return peer;
    }

    public Task<(int ExitCode, string Output)> VtyshAsync(string command, CancellationToken cancellationToken) =>
        Command.RunAsync(Peer.Find("vtysh")!, ["--vty_socket", _dir, "-d", "bgpd", "-c", command], cancellationToken);

    /// <summary><c>show bgp ipv4 unicast json</c>: the <c>routes</c> object (prefix → paths).</summary>
    public async Task<JsonElement> RoutesAsync(CancellationToken cancellationToken, string family = "ipv4")
    {
        var (_, output) = await VtyshAsync($"show bgp {family} unicast json", cancellationToken);
        try
        {
            using var doc = JsonDocument.Parse(output);
            return doc.RootElement.TryGetProperty("routes", out var routes) ? routes.Clone() : default;
        }
        catch (JsonException)
        {
            return default;
        }
    }

    public async Task<JsonElement> RouteDetailAsync(string prefix, CancellationToken cancellationToken, string family = "ipv4")
    {
        var (_, output) = await VtyshAsync($"show bgp {family} unicast {prefix} json", cancellationToken);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.Clone();
    }

    public void Dispose()
    {
        _daemon.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
