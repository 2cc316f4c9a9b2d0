using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using GitGateway.Plan.Model;
using GitGateway.Vip.Tests.Peers;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary><c>gitgateway-proxy --vip</c>: the announcer inside the proxy node process, against gobgpd.</summary>
public sealed class ProxyNodeVipTests
{
    // A proxy process start is part of the first wait: under a loaded machine that alone can take 20 s.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task ProxyNodeVip_ServesPlanThenSigterm_AnnouncesThenWithdrawsBeforeDraining()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct);
        var plan = WithHttpListener(TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer("127.0.0.1", 64500, gobgp.Port)], ports: [80])));
        var clock = Stopwatch.StartNew();
        using var node = await ProxyNodeProcess.StartAsync(plan, ["--next-hop-v4", "192.0.2.10", "--withdraw-delay", "3"], ct);

        var announced = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 1, Wait, ct);
        Assert.True(Count(announced) == 1, "not announced: " + node.Log + "\n" + gobgp.Log);
        TestContext.Current.TestOutputHelper?.WriteLine($"process start to route in gobgpd RIB (incl. gobgp CLI polling): {clock.ElapsedMilliseconds} ms");
        Assert.Contains("192.0.2.10", announced.GetRawText(), StringComparison.Ordinal);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{node.AdminPort}/metrics", ct);
        Assert.Contains($"gitgateway_vip_bgp_session_state{{peer=\"127.0.0.1:{gobgp.Port}\",state=\"Established\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"gitgateway_vip_bgp_prefixes_advertised{{peer=\"127.0.0.1:{gobgp.Port}\"}} 1", metrics, StringComparison.Ordinal);
        var status = await http.GetStringAsync($"http://127.0.0.1:{node.AdminPort}/vip", ct);
        Assert.Contains("\"Established\"", status, StringComparison.Ordinal);

        clock.Restart();
        await node.TerminateAsync(ct);
        var withdrawn = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 0, TimeSpan.FromSeconds(2.5), ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"SIGTERM to route gone from gobgpd RIB: {clock.ElapsedMilliseconds} ms");
        Assert.Equal(0, Count(withdrawn));
        Assert.False(node.HasExited, "the node must still be waiting out --withdraw-delay when the route is gone");

        // Withdrawn, but not draining yet: the Gateway port still answers (404: the listener has no routes).
        using var served = await http.GetAsync($"http://127.0.0.1:{node.ListenerPort}/", ct);
        Assert.Equal(HttpStatusCode.NotFound, served.StatusCode);

        var code = await node.WaitForExitAsync(TimeSpan.FromSeconds(15), ct);
        Assert.True(code == 0, $"exit {code}: {node.Log}");
    }

    [Fact]
    public async Task ProxyNodeVip_OneListenerPortTaken_OnlyTheVipOnThatPortIsHeldBackUntilItBinds()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct);
        var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var peer = TestPlans.Peer("127.0.0.1", 64500, gobgp.Port);
        var plan = WithHttpListener(
            TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [peer], ports: [80]), TestPlans.Vip("api", ["10.200.0.101/32"], [peer], ports: [443])),
            80,
            443);

        // Gateway port 443 maps to a local port another process holds: the node is unready but serves port 80.
        using var node = await ProxyNodeProcess.StartAsync(plan, ["--next-hop-v4", "192.0.2.10"], ct, port443: taken);
        var web = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 1, Wait, ct);
        Assert.True(Names(web).SequenceEqual(["10.200.0.100/32"]), "not the VIP on port 80 alone: " + web + node.Log);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using (var ready = await http.GetAsync($"http://127.0.0.1:{node.AdminPort}/readyz", ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(ct));
            Assert.Equal([80], body.RootElement.GetProperty("ports").EnumerateArray().Select(p => p.GetInt32()));
        }

        using (var served = await http.GetAsync($"http://127.0.0.1:{node.ListenerPort}/", ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, served.StatusCode); // port 80 answers: no route matches
        }

        Assert.Equal(["10.200.0.100/32"], Names(await gobgp.RibAsync("ipv4", ct)));

        // The port is freed: the node binds it on its next retry and announces the second VIP too.
        squatter.Stop();
        var both = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 2, Wait, ct);
        Assert.Equal(["10.200.0.100/32", "10.200.0.101/32"], Names(both));
    }

    /// <summary>One HTTP listener of Gateway infra/gw per port (80 alone by default), with no routes.</summary>
    private static RoutingPlan WithHttpListener(RoutingPlan plan, params int[] ports) => plan with
    {
        Listeners =
        [
            .. (ports.Length == 0 ? [80] : ports).Select(port => new Listener(
                port == 80 ? "gateway/infra/gw/listener/http" : string.Create(CultureInfo.InvariantCulture, $"gateway/infra/gw/listener/http-{port}"),
                new ObjectRef("Gateway", "infra", "gw"),
                port == 80 ? "http" : string.Create(CultureInfo.InvariantCulture, $"http-{port}"),
                port,
                ListenerProtocol.HTTP,
                null,
                null,
                default,
                default,
                new SourceMark("infra/gateway.yaml", 1, 1))),
        ],
    };

    private static string[] Names(JsonElement rib) => rib.ValueKind == JsonValueKind.Object ? [.. rib.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)] : [];

    private static int Count(JsonElement rib) => rib.ValueKind == JsonValueKind.Object ? rib.EnumerateObject().Count() : 0;
}
