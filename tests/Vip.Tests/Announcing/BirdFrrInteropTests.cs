using System.Text.Json;
using GitGateway.Vip.Announcing;
using GitGateway.Vip.Tests.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>The announcer in the test's namespace, a router in its own namespace across a veth pair.</summary>
public sealed class BirdFrrInteropTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Announcer_WithBird_VipInRibWithPathNextHopSelfAndCommunities_ThenWithdrawnWhenNotReady()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ns = await NetNamespace.CreateAsync(ct);
        var (speaker, router) = NetNamespace.NewSubnet();
        await ns.LinkAsync(null, speaker, router, ct);
        using var bird = await BirdPeer.StartAsync(ns.Name, BirdPeer.EbgpConfig(router, router, 64500, speaker, 64501), ct);
        var readiness = new ProxyReadinessSource(ProxyReadiness.AlwaysReady);
        await using var announcer = NewAnnouncer(readiness);
        announcer.SetPlan(TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer(router, 64500, 179)],
            communities: ["64501:100"], large: ["64501:1:2"])));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);

        var route = await Command.PollAsync(() => bird.RouteAsync("10.200.0.100/32", ct), r => r.Length > 0, Wait, ct);

        Assert.Contains("BGP.as_path: 64501", route, StringComparison.Ordinal);
        Assert.Contains("BGP.next_hop: " + speaker, route, StringComparison.Ordinal);
        Assert.Contains("BGP.community: (64501,100)", route, StringComparison.Ordinal);
        Assert.Contains("BGP.large_community: (64501, 1, 2)", route, StringComparison.Ordinal);
        readiness.Set(ProxyReadiness.NotReady);
        var gone = await Command.PollAsync(() => bird.RouteAsync("10.200.0.100/32", ct), r => r.Length == 0, Wait, ct);
        Assert.Equal("", gone);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Announcer_WithFrr_VipInRibWithPathNextHopSelfAndCommunities_ThenWithdrawnWhenRemoved()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ns = await NetNamespace.CreateAsync(ct);
        var (speaker, router) = NetNamespace.NewSubnet();
        await ns.LinkAsync(null, speaker, router, ct);
        using var frr = await FrrPeer.StartAsync(ns.Name, router, 64500, speaker, 64501, ct);
        var readiness = new ProxyReadinessSource(ProxyReadiness.AlwaysReady);
        await using var announcer = NewAnnouncer(readiness);
        var peer = TestPlans.Peer(router, 64500, 179);
        announcer.SetPlan(TestPlans.With(
            TestPlans.Vip("web", ["10.200.0.100/32"], [peer], communities: ["64501:100"]),
            TestPlans.Vip("api", ["10.200.0.101/32"], [peer])));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);

        var routes = await Command.PollAsync(() => frr.RoutesAsync(ct), r => Count(r) == 2, Wait, ct);
        Assert.Equal(2, Count(routes));
        var detail = await frr.RouteDetailAsync("10.200.0.100/32", ct);
        var path = detail.GetProperty("paths")[0];
        Assert.Equal("64501", path.GetProperty("aspath").GetProperty("string").GetString());
        Assert.Equal(speaker, path.GetProperty("nexthops")[0].GetProperty("ip").GetString());
        Assert.Equal("64501:100", path.GetProperty("community").GetProperty("string").GetString());

        announcer.SetPlan(TestPlans.With(TestPlans.Vip("api", ["10.200.0.101/32"], [peer])));
        var after = await Command.PollAsync(() => frr.RoutesAsync(ct), r => Count(r) == 1, Wait, ct);
        Assert.True(after.TryGetProperty("10.200.0.101/32", out _), after.ToString());
        Assert.False(after.TryGetProperty("10.200.0.100/32", out _), after.ToString());
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Announcer_WithFrrOverIpv6_Ipv6VipWithGlobalNextHopSelf()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ns = await NetNamespace.CreateAsync(ct);
        var (speaker4, router4) = NetNamespace.NewSubnet();
        var prefix = "fd00:" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 2));
        await ns.LinkAsync(null, speaker4, router4, ct, prefix);
        using var frr = await FrrPeer.StartAsync(ns.Name, router4, 64500, prefix + "::1", 64501, ct);
        var readiness = new ProxyReadinessSource(ProxyReadiness.AlwaysReady);
        await using var announcer = NewAnnouncer(readiness);
        announcer.SetPlan(TestPlans.With(TestPlans.Vip("web6", ["2001:db8:100::1/128"], [TestPlans.Peer(prefix + "::2", 64500, 179)])));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);

        var routes = await Command.PollAsync(() => frr.RoutesAsync(ct, "ipv6"), r => Count(r) == 1, Wait, ct);

        Assert.True(Count(routes) == 1, "not in RIB: " + routes + frr.Log);
        var path = (await frr.RouteDetailAsync("2001:db8:100::1/128", ct, "ipv6")).GetProperty("paths")[0];
        Assert.Equal("64501", path.GetProperty("aspath").GetProperty("string").GetString());
        Assert.Equal(System.Net.IPAddress.Parse(prefix + "::1"), System.Net.IPAddress.Parse(path.GetProperty("nexthops")[0].GetProperty("ip").GetString()!));
        await stop.CancelAsync();
        await run;
    }

    private static int Count(JsonElement routes) => routes.ValueKind == JsonValueKind.Object ? routes.EnumerateObject().Count() : 0;

    private static VipAnnouncer NewAnnouncer(IProxyReadiness readiness) =>
        new(new AnnouncerOptions("test-node", ConnectRetryMin: TimeSpan.FromMilliseconds(200), ConnectRetryMax: TimeSpan.FromSeconds(2)),
            readiness, TimeProvider.System, NullLoggerFactory.Instance);
}
