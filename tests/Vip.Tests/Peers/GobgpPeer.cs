using System.Globalization;
using System.Text.Json;
using GitGateway.Fixtures;

namespace GitGateway.Vip.Tests.Peers;

/// <summary>A gobgpd on loopback with a generated config, passive towards the speaker under test.</summary>
internal sealed class GobgpPeer : IDisposable
{
    private readonly DaemonProcess _daemon;
    private readonly string _dir;

    private GobgpPeer(DaemonProcess daemon, string dir, int port, int apiPort)
    {
        _daemon = daemon;
        _dir = dir;
        Port = port;
        ApiPort = apiPort;
    }

    public int Port { get; }

    public int ApiPort { get; }

    public string Log => _daemon.Output;

    /// <summary>Starts gobgpd; with <paramref name="dialPort"/> it connects to the speaker on that port instead of waiting.</summary>
    /// <param name="moreNeighbors">Further neighbors configured like <paramref name="neighbor"/> (e.g. 127.0.0.2 for a second speaker).</param>
    /// <param name="longLivedStaleSeconds">With <paramref name="gracefulRestart"/>, also offer long-lived graceful restart
    /// (RFC 9494) for IPv4 unicast with this long-lived stale time.</param>
    public static async Task<GobgpPeer> StartAsync(uint asn, uint neighborAs, string neighbor, CancellationToken cancellationToken, int? dialPort = null, bool gracefulRestart = false, int? maxPrefixes = null, string[]? moreNeighbors = null, int? longLivedStaleSeconds = null)
    {
        var gobgpd = Peer.Require("gobgpd", "gobgpd");
        Peer.Require("gobgp", "gobgpd");
        var dir = Directory.CreateTempSubdirectory("gg-gobgp-").FullName;
        var port = Ports.FreeTcp();
        var api = Ports.FreeTcp();
        var config = string.Create(CultureInfo.InvariantCulture, $$"""
            [global.config]
              as = {{asn}}
              router-id = "10.255.0.1"
              port = {{port}}
              local-address-list = ["127.0.0.1", "::1"]

            {{string.Join("\n", new[] { neighbor }.Concat(moreNeighbors ?? []).Select(n => Neighbor(n, neighborAs, dialPort, gracefulRestart, maxPrefixes, longLivedStaleSeconds)))}}
            """);
        var path = Path.Combine(dir, "gobgpd.toml");
        await File.WriteAllTextAsync(path, config, cancellationToken);
        var daemon = DaemonProcess.Start(gobgpd, ["-f", path, "--api-hosts", $"127.0.0.1:{api}", "-l", "info"]);
        var peer = new GobgpPeer(daemon, dir, port, api);
        var (code, _) = await Command.PollAsync(() => peer.GobgpAsync(["neighbor"], cancellationToken), r => r.ExitCode == 0, TimeSpan.FromSeconds(10), cancellationToken);
        if (code != 0)
        {
            peer.Dispose();
            throw new InvalidOperationException("gobgpd did not start: " + daemon.Output);
        }

        return peer;
    }

    /// <summary>The RIB of a family (<c>ipv4</c> or <c>ipv6</c>) as gobgp prints it: prefix → paths.</summary>
    public async Task<JsonElement> RibAsync(string family, CancellationToken cancellationToken)
    {
        var (_, output) = await GobgpAsync(["global", "rib", "-a", family, "-j"], cancellationToken);
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(output) ? "{}" : output);
        return doc.RootElement.Clone();
    }

    public Task<(int ExitCode, string Output)> GobgpAsync(string[] arguments, CancellationToken cancellationToken) =>
        Command.RunAsync(Peer.Find("gobgp")!, ["-u", "127.0.0.1", "-p", ApiPort.ToString(CultureInfo.InvariantCulture), .. arguments], cancellationToken);

    private static string Neighbor(string address, uint neighborAs, int? dialPort, bool gracefulRestart, int? maxPrefixes, int? longLivedStaleSeconds) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
            [[neighbors]]
              [neighbors.config]
                neighbor-address = "{{address}}"
                peer-as = {{neighborAs}}
              [neighbors.transport.config]
                passive-mode = {{(dialPort is null ? "true" : "false")}}
                {{(dialPort is { } p ? $"remote-port = {p}" : "")}}
              [neighbors.timers.config]
                connect-retry = 1
              [neighbors.graceful-restart.config]
                enabled = {{(gracefulRestart ? "true" : "false")}}
                long-lived-enabled = {{(longLivedStaleSeconds is null ? "false" : "true")}}
              [[neighbors.afi-safis]]
                [neighbors.afi-safis.config]
                  afi-safi-name = "ipv4-unicast"
                {{(maxPrefixes is { } max ? $"[neighbors.afi-safis.prefix-limit.config]\n                  max-prefixes = {max}" : "")}}
                [neighbors.afi-safis.mp-graceful-restart.config]
                  enabled = {{(gracefulRestart ? "true" : "false")}}
                {{(longLivedStaleSeconds is { } stale ? $"[neighbors.afi-safis.long-lived-graceful-restart.config]\n                  enabled = true\n                  restart-time = {stale}" : "")}}
              [[neighbors.afi-safis]]
                [neighbors.afi-safis.config]
                  afi-safi-name = "ipv6-unicast"
            """);

    public void Dispose()
    {
        _daemon.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
