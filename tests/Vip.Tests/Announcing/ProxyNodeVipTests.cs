using System.Diagnostics;
using System.Net;
using System.Text.Json;
using GitGateway.Plan.Model;
using GitGateway.Vip.Tests.Peers;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary><c>gitgateway-proxy --vip</c>: the announcer inside the proxy node process, against gobgpd.</summary>
public sealed class ProxyNodeVipTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

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

    private static RoutingPlan WithHttpListener(RoutingPlan plan) => plan with
    {
        Listeners =
        [
            new Listener(
                "gateway/infra/gw/listener/http",
                new ObjectRef("Gateway", "infra", "gw"),
                "http",
                80,
                ListenerProtocol.HTTP,
                null,
                null,
                default,
                default,
                new SourceMark("infra/gateway.yaml", 1, 1)),
        ],
    };

    private static int Count(JsonElement rib) => rib.ValueKind == JsonValueKind.Object ? rib.EnumerateObject().Count() : 0;
}
