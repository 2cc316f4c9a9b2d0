using System.Globalization;
using System.Net;
using System.Text.Json;
using GitGateway.Fixtures;
using GitGateway.Proxy.Hosting;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Vip.Announcing;
using GitGateway.Vip.Tests.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// The VIP floor's fleet view from the control plane (issue 18, point 2): the control plane, two proxy nodes with
/// their VIP announcers (listening on 127.0.0.1 and 127.0.0.2, following the control plane) and gobgpd as the
/// router. A node stops serving the VIP the way a proxy node does while it keeps listening: its speaker refuses a
/// revision the proxy serves (a second peer's TCP MD5 key the node cannot read), so it cannot tell which VIPs it
/// holds; its listener still accepts, so the floor may keep the VIP.
/// </summary>
public sealed class FleetFloorInteropTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    // The fleet needs a listener behind a VIP, not routes: a plan without routes applies only on purpose.
    private const string NoRoutes = "\n\nGitGateway-Allow-Destructive: the fleet test serves no route";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FleetFromControlPlane_BothNodesStopServing_OneKeepsTheVipWithTheAlert_ControlPlaneDown_LocalFallbackDecides()
    {
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", Ct, moreNeighbors: ["127.0.0.2"]);
        var port = Ports.FreeTcp();
        using var repo = GitTestRepo.Create();
        WriteRepository(repo, port, gobgp.Port, spare: null);
        var seed = repo.Commit("a gateway behind a VIP" + NoRoutes);
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a", "node-b"], Ct, rollout: new RolloutOptions(0, TimeSpan.Zero, 0.05, 20));
        var tokenFile = Path.Combine(repo.Root, "node-token");
        await File.WriteAllTextAsync(tokenFile, ControlPlaneFixture.NodeToken, Ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        // Node A has no --fleet-status fallback: with the control plane away it counts itself the last announcer.
        await using var a = await StartNodeAsync("node-a", "127.0.0.1", "192.0.2.10", cp.BaseUri, tokenFile, port, repo.Root);
        await using var b = await StartNodeAsync("node-b", "127.0.0.2", "192.0.2.11", cp.BaseUri, tokenFile, port, repo.Root);
        await cp.PushAsync("main", seed);
        var both = await Command.PollAsync(() => gobgp.RibAsync("ipv4", Ct), r => NextHops(r).Length == 2, Wait, Ct);
        Assert.True(NextHops(both).Length == 2, "not announced by both: " + both + await StatusAsync(http, cp.BaseUri) + gobgp.Log);
        var fleet = await Command.PollAsync(() => FleetAsync(http, cp.BaseUri, "node-a"), f => f.GetProperty("serving").GetArrayLength() > 0, Wait, Ct);
        Assert.Equal(["vip/public-vip"], fleet.GetProperty("serving").EnumerateArray().Select(s => s.GetString()!).ToArray());

        // Neither speaker can read the new peer's key: both keep listening but serve the VIP no more.
        WriteRepository(repo, port, gobgp.Port, spare: "");
        await cp.PushAsync("main", repo.Commit("a second router, signed" + NoRoutes));
        var held = await Command.PollAsync(async () => await HeldAsync(http, a) + await HeldAsync(http, b), h => h >= 1, Wait, Ct);
        Assert.True(held >= 1, "no floor alert raised: " + await StatusAsync(http, cp.BaseUri));
        var fewest = 2;
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(5);)
        {
            fewest = Math.Min(fewest, NextHops(await gobgp.RibAsync("ipv4", Ct)).Length);
        }

        Assert.True(fewest >= 1, "the VIP left the router");

        // B gets the key and the next revision: it serves again. A, which can learn that only from the control
        // plane, leaves the VIP to B and clears its alert.
        var key = Path.Combine(repo.Root, "node-b", "secrets", "spare-router", "password");
        Directory.CreateDirectory(Path.GetDirectoryName(key)!);
        await File.WriteAllTextAsync(key, "spare-router-key\n", Ct);
        WriteRepository(repo, port, gobgp.Port, spare: "\n    communities: [\"64501:100\"]");
        await cp.PushAsync("main", repo.Commit("tag the VIP's routes" + NoRoutes));
        var one = await Command.PollAsync(() => gobgp.RibAsync("ipv4", Ct), r => NextHops(r).SequenceEqual(["192.0.2.11"]), Wait, Ct);
        Assert.True(NextHops(one).SequenceEqual(["192.0.2.11"]), "A did not leave the VIP to B: " + one + await StatusAsync(http, cp.BaseUri));
        Assert.Equal(0, await HeldAsync(http, a));

        // The control plane down: A's fleet view falls back to local knowledge (no --fleet-status: nobody else
        // serves), and A, whose listener still accepts, announces the VIP again with the alert.
        await cp.App.StopAsync(Ct);
        var again = await Command.PollAsync(() => gobgp.RibAsync("ipv4", Ct), r => NextHops(r).Length == 2, Wait, Ct);
        Assert.Equal(["192.0.2.10", "192.0.2.11"], NextHops(again));
        Assert.Equal(1, await HeldAsync(http, a));
    }

    private static async Task<ProxyNode> StartNodeAsync(string name, string address, string nextHop, Uri controlPlane, string tokenFile, int port, string root)
    {
        var local = IPAddress.Parse(address);
        var dir = Path.Combine(root, name);
        var portMap = new Dictionary<int, int> { [port] = port };
        var vip = new AnnouncerOptions(
            name,
            RouterId: IPAddress.Parse(address == "127.0.0.1" ? "10.0.0.1" : "10.0.0.2"),
            NextHopV4: IPAddress.Parse(nextHop),
            LocalAddress: local,
            ConnectRetryMin: TimeSpan.FromMilliseconds(200),
            SecretDirectory: Path.Combine(dir, "secrets"),
            FloorProbeAddress: local);
        var options = new ProxyOptions(null, null, local, portMap, null, 0, Path.Combine(dir, "state"), name, false, TimeSpan.FromSeconds(1), vip, TimeSpan.Zero, controlPlane, tokenFile);
        var node = new ProxyNode(options, TimeProvider.System, NullLoggerFactory.Instance, TextWriter.Null) { ReportInterval = TimeSpan.FromMilliseconds(500) };
        await node.StartAsync(Ct);
        return node;
    }

    /// <summary>
    /// The platform files: a Gateway with one HTTP listener on <paramref name="port"/> behind a VIP announced to
    /// gobgpd; with <paramref name="spare"/> (extra VIP bgpConfig lines) also to a second router whose TCP MD5 key
    /// is the node's secret <c>spare-router</c>.
    /// </summary>
    internal static void WriteRepository(GitTestRepo repo, int port, int routerPort, string? spare)
    {
        var examples = Path.Combine(RepoPaths.Root, "examples", "repo-layout");
        foreach (var file in new[] { "gitgateway.yaml", "platform/team.yaml", "platform/gatewayclass.yaml", "platform/vips/pool.yaml" })
        {
            repo.Write(file, File.ReadAllText(Path.Combine(examples, file)));
        }

        var secondPeer = spare is null ? "" : string.Create(CultureInfo.InvariantCulture, $"\n    - {{address: \"127.0.0.9\", as: 64500, port: {routerPort}, passwordSecretRef: {{name: spare-router}}}}");
        repo.Write("platform/vips/public-vip.yaml", string.Create(CultureInfo.InvariantCulture, $$"""
            apiVersion: gitgateway.dev/v1alpha1
            kind: ProxyVIP
            metadata:
              name: public-vip
            spec:
              address: "10.200.0.100/32"
              mode: BGP
              addressFamily: ipv4
              ports: [{{port}}]
              bgpConfig:
                localAS: 64501
                routerID: "10.0.0.1"{{spare}}
                peers:
                - {address: "127.0.0.1", as: 64500, port: {{routerPort}}}{{secondPeer}}
            """));
        repo.Write("platform/gateways/public.yaml", string.Create(CultureInfo.InvariantCulture, $$"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: public
              namespace: gateway-system
              annotations:
                gitgateway.dev/vip-ref: public-vip
            spec:
              gatewayClassName: gitgateway
              listeners:
              - name: http
                port: {{port}}
                protocol: HTTP
            """));
    }

    private static async Task<string> StatusAsync(HttpClient http, Uri controlPlane)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(controlPlane, "v1/status"));
        request.Headers.Authorization = new("Bearer", ControlPlaneFixture.NodeToken);
        using var response = await http.SendAsync(request, Ct);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private static async Task<JsonElement> FleetAsync(HttpClient http, Uri controlPlane, string node)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(controlPlane, "v1/fleet?node=" + node));
        request.Headers.Authorization = new("Bearer", ControlPlaneFixture.NodeToken);
        using var response = await http.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return doc.RootElement.Clone();
    }

    private static async Task<int> HeldAsync(HttpClient http, ProxyNode node) =>
        Held(await http.GetStringAsync(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{node.AdminPort}/metrics"), Ct));

    private static int Held(string metrics) =>
        metrics.Split('\n').Where(l => l.StartsWith("gitgateway_vip_floor_hold ", StringComparison.Ordinal))
            .Select(l => int.Parse(l["gitgateway_vip_floor_hold ".Length..], CultureInfo.InvariantCulture)).FirstOrDefault();

    internal static string[] NextHops(JsonElement rib) =>
        rib.ValueKind == JsonValueKind.Object && rib.TryGetProperty("10.200.0.100/32", out var paths)
            ? [.. paths.EnumerateArray().SelectMany(p => p.GetProperty("attrs").EnumerateArray()).Where(a => a.TryGetProperty("nexthop", out _)).Select(a => a.GetProperty("nexthop").GetString()!).Order(StringComparer.Ordinal)]
            : [];
}
