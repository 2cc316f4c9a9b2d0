using System.Text.Json;
using GitGateway.Vip.Announcing;
using GitGateway.Vip.Tests.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Vip.Tests.Announcing;

public sealed class GobgpInteropTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Announcer_ReadyProxyWithGobgp_VipInRibWithPathNextHopAndCommunities()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct);
        var readiness = new ProxyReadinessSource(ProxyReadiness.AlwaysReady);
        await using var announcer = NewAnnouncer(readiness);
        announcer.SetPlan(TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer("127.0.0.1", 64500, gobgp.Port)],
            communities: ["64501:100"], large: ["64501:1:2"], med: 7)));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);

        var rib = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => r.TryGetProperty("10.200.0.100/32", out _), Wait, ct);

        Assert.True(rib.TryGetProperty("10.200.0.100/32", out var paths), "not in RIB: " + rib + gobgp.Log);
        var attrs = paths[0].GetProperty("attrs").EnumerateArray().ToList();
        Assert.Contains(attrs, a => a.GetProperty("type").GetInt32() == 2 && a.GetRawText().Contains("64501", StringComparison.Ordinal));
        Assert.Contains(attrs, a => a.GetProperty("type").GetInt32() == 3 && a.GetProperty("nexthop").GetString() == "192.0.2.10");
        Assert.Contains(attrs, a => a.GetProperty("type").GetInt32() == 4 && a.GetProperty("metric").GetInt32() == 7);
        Assert.Contains(attrs, a => a.GetProperty("type").GetInt32() == 8 && a.GetProperty("communities")[0].GetUInt32() == (64501u << 16 | 100));
        Assert.Contains(attrs, a => a.GetProperty("type").GetInt32() == 32);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Announcer_ProxyTurnsNotReadyThenVipLeavesPlan_RouteWithdrawnEachTime()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct);
        var readiness = new ProxyReadinessSource(ProxyReadiness.AlwaysReady);
        await using var announcer = NewAnnouncer(readiness);
        var peer = TestPlans.Peer("127.0.0.1", 64500, gobgp.Port);
        var plan = TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [peer]), TestPlans.Vip("api", ["10.200.0.101/32"], [peer]));
        announcer.SetPlan(plan);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);
        var both = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 2, Wait, ct);
        Assert.Equal(2, Count(both));

        readiness.Set(ProxyReadiness.NotReady);
        var none = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 0, Wait, ct);
        Assert.Equal(0, Count(none));

        readiness.Set(ProxyReadiness.AlwaysReady);
        await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 2, Wait, ct);
        announcer.SetPlan(TestPlans.With(TestPlans.Vip("api", ["10.200.0.101/32"], [peer])));
        var one = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 1, Wait, ct);
        Assert.True(one.TryGetProperty("10.200.0.101/32", out _), one.ToString());
        Assert.False(one.TryGetProperty("10.200.0.100/32", out _), one.ToString());
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Announcer_Ipv6VipOverIpv6Session_RouteHasIpv6NextHop()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "::1", ct);
        var readiness = new ProxyReadinessSource(ProxyReadiness.AlwaysReady);
        await using var announcer = NewAnnouncer(readiness);
        announcer.SetPlan(TestPlans.With(TestPlans.Vip("web6", ["2001:db8:100::1/128"], [TestPlans.Peer("::1", 64500, gobgp.Port)])));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);

        var rib = await Command.PollAsync(() => gobgp.RibAsync("ipv6", ct), r => Count(r) == 1, Wait, ct);

        Assert.True(rib.TryGetProperty("2001:db8:100::1/128", out var paths), "not in RIB: " + rib + gobgp.Log);
        var mp = paths[0].GetProperty("attrs").EnumerateArray().Single(a => a.GetProperty("type").GetInt32() == 14);
        Assert.Equal("::1", mp.GetProperty("nexthop").GetString());
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Announcer_InternalPeer_EmptyAsPathAndLocalPreference()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64501, 64501, "127.0.0.1", ct);
        var readiness = new ProxyReadinessSource(ProxyReadiness.AlwaysReady);
        await using var announcer = NewAnnouncer(readiness);
        announcer.SetPlan(TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer("127.0.0.1", 64501, gobgp.Port)], localPref: 200)));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);

        var rib = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 1, Wait, ct);

        Assert.True(rib.TryGetProperty("10.200.0.100/32", out var paths), "not in RIB: " + rib + gobgp.Log);
        var attrs = paths[0].GetProperty("attrs").EnumerateArray().ToList();
        Assert.Contains(attrs, a => a.GetProperty("type").GetInt32() == 5 && a.GetProperty("value").GetInt32() == 200);
        var asPath = attrs.Single(a => a.GetProperty("type").GetInt32() == 2);
        Assert.True(!asPath.TryGetProperty("as_paths", out var segments) || segments.GetArrayLength() == 0, asPath.GetRawText());
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Announcer_PassiveWithPeerDialingIn_SessionEstablishesAndVipAnnounced()
    {
        var ct = TestContext.Current.CancellationToken;
        var listenPort = GitGateway.Fixtures.Ports.FreeTcp();
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct, dialPort: listenPort);
        var readiness = new ProxyReadinessSource(ProxyReadiness.AlwaysReady);
        await using var announcer = new VipAnnouncer(
            new AnnouncerOptions("test-node", NextHopV4: System.Net.IPAddress.Parse("192.0.2.10"), Passive: true, ListenPort: listenPort),
            readiness, TimeProvider.System, NullLoggerFactory.Instance);
        announcer.SetPlan(TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer("127.0.0.1", 64500, gobgp.Port)])));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);

        var rib = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 1, Wait, ct);

        Assert.True(Count(rib) == 1, "not announced: " + gobgp.Log);
        Assert.Equal(GitGateway.Vip.Bgp.BgpState.Established, announcer.Status.Single().State);
        await stop.CancelAsync();
        await run;
    }

    private static int Count(JsonElement rib) => rib.ValueKind == JsonValueKind.Object ? rib.EnumerateObject().Count() : 0;

    // gobgpd refuses its own address as next hop, and both ends are 127.0.0.1 here: announce a configured one.
    internal static VipAnnouncer NewAnnouncer(IProxyReadiness readiness) =>
        new(new AnnouncerOptions("test-node", NextHopV4: System.Net.IPAddress.Parse("192.0.2.10"), ConnectRetryMin: TimeSpan.FromMilliseconds(200), ConnectRetryMax: TimeSpan.FromSeconds(2)),
            readiness, TimeProvider.System, NullLoggerFactory.Instance);
}
