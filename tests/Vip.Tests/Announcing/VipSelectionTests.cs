using System.Net;
using GitGateway.Vip.Announcing;
using GitGateway.Vip.Bgp;

namespace GitGateway.Vip.Tests.Announcing;

public sealed class VipSelectionTests
{
    private static readonly AnnouncerOptions Edge = new("node-1", new Dictionary<string, string> { ["edge"] = "true" });

    [Fact]
    public void Routes_NodeSelectorNotMatched_VipNotAnnounced()
    {
        var peer = TestPlans.Peer("192.0.2.1", 64500, 179);
        var plan = TestPlans.With(
            TestPlans.Vip("edge", ["10.200.0.1/32"], [peer], nodeSelector: ["edge=true"]),
            TestPlans.Vip("core", ["10.200.0.2/32"], [peer], nodeSelector: ["core=true"]));

        var routes = VipSelection.Routes(plan, ProxyReadiness.AlwaysReady, Edge);

        Assert.Equal([IPNetwork.Parse("10.200.0.1/32")], routes["192.0.2.1:179"].Select(r => r.Prefix));
    }

    [Fact]
    public void Routes_ProxyNotReadyOrPortUnbound_NothingAnnounced()
    {
        var plan = TestPlans.With(TestPlans.Vip("web", ["10.200.0.1/32", "2001:db8::1/128"], [TestPlans.Peer("192.0.2.1", 64500, 179)], ports: [80, 443]));

        Assert.Empty(VipSelection.Routes(plan, ProxyReadiness.NotReady, Edge));
        Assert.Empty(VipSelection.Routes(plan, new ProxyReadiness(true, null, new HashSet<int> { 80 }), Edge));
        Assert.Equal(2, VipSelection.Routes(plan, new ProxyReadiness(true, null, new HashSet<int> { 80, 443, 8080 }), Edge).Single().Value.Count);
    }

    [Theory]
    [InlineData("64501:100", 0xFBF50064u)]
    [InlineData("0:0", 0u)]
    [InlineData("65536:1", null)]
    [InlineData("x:1", null)]
    public void ParseCommunity_Text_GivesRfc1997Value(string text, uint? expected) => Assert.Equal(expected, VipSelection.ParseCommunity(text));

    [Fact]
    public void Prometheus_EstablishedPeer_ReportsStateUptimeAndPrefixes()
    {
        var now = DateTimeOffset.UnixEpoch.AddDays(1);
        var status = new BgpPeerStatus("192.0.2.1:179", 64500, BgpState.Established, now.AddSeconds(-42), 2, 5, "connect: refused", 3, "up");

        var text = StatusFormatter.Prometheus(ProxyReadiness.AlwaysReady, 2, [status], now);

        Assert.Contains("gitgateway_vip_bgp_session_state{peer=\"192.0.2.1:179\",state=\"Established\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("gitgateway_vip_bgp_session_uptime_seconds{peer=\"192.0.2.1:179\"} 42", text, StringComparison.Ordinal);
        Assert.Contains("gitgateway_vip_bgp_prefixes_received{peer=\"192.0.2.1:179\"} 5", text, StringComparison.Ordinal);
        Assert.Contains("gitgateway_vip_bgp_last_error_info{peer=\"192.0.2.1:179\",error=\"connect: refused\"} 1", text, StringComparison.Ordinal);
    }
}
