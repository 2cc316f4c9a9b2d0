using System.Diagnostics;
using System.Net;
using GitGateway.Vip.Announcing;
using GitGateway.Vip.Bgp;
using GitGateway.Vip.Tests.Peers;
using Microsoft.Extensions.Logging.Abstractions;
using static GitGateway.Vip.Tests.Peers.RawBgpPeer;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>
/// What the announcer puts on the wire, read by a raw socket peer. For readiness flips the time from the
/// flip to the UPDATE is printed (the gate's own latency, without /readyz polling); nothing is asserted on it.
/// </summary>
public sealed class AnnouncerWireTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Announcer_ReadinessFlips_AnnouncesAndWithdrawsOnTheWire()
    {
        var ct = TestContext.Current.CancellationToken;
        using var peer = new RawBgpPeer();
        var readiness = new ProxyReadinessSource(ProxyReadiness.NotReady);
        await using var announcer = new VipAnnouncer(new AnnouncerOptions("test-node", NextHopV4: IPAddress.Parse("192.0.2.10")), readiness, TimeProvider.System, NullLoggerFactory.Instance);
        announcer.SetPlan(TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer("127.0.0.1", 64500, peer.Port)])));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);
        using var connection = await peer.AcceptAsync(Wait, ct);
        Assert.IsType<OpenMessage>(await connection.ReadAsync(Wait, ct));
        await connection.SendAsync(Message(BgpMessageType.Open, OpenBody(hold: 90)), ct);
        await connection.SendAsync(Message(BgpMessageType.Keepalive), ct);
        Assert.IsType<KeepaliveMessage>(await connection.ReadAsync(Wait, ct));
        Assert.Equal(UpdateMessage.EndOfRib(BgpFamily.Ipv4Unicast), await connection.ReadAsync(Wait, ct)); // nothing to announce yet
        var vip = IPNetwork.Parse("10.200.0.100/32");
        var announce = new List<double>();
        var withdraw = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            readiness.Set(ProxyReadiness.AlwaysReady);
            var up = await NextUpdateAsync(connection, ct);
            announce.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal([vip], up.Nlri);

            clock.Restart();
            readiness.Set(ProxyReadiness.NotReady);
            var down = await NextUpdateAsync(connection, ct);
            withdraw.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal([vip], down.Withdrawn);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"announce after ready: median {Median(announce):F2} ms, max {announce.Max():F2} ms (20 flips)");
        TestContext.Current.TestOutputHelper?.WriteLine($"withdraw after not-ready: median {Median(withdraw):F2} ms, max {withdraw.Max():F2} ms (20 flips)");
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Announcer_NewPlanNotYetServed_NewVipWaitsForProxyToServeIt()
    {
        var ct = TestContext.Current.CancellationToken;
        using var peer = new RawBgpPeer();
        var bgpPeer = TestPlans.Peer("127.0.0.1", 64500, peer.Port);
        var first = TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [bgpPeer]));
        var second = TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [bgpPeer]), TestPlans.Vip("api", ["10.200.0.101/32"], [bgpPeer]));
        var readiness = new ProxyReadinessSource(new ProxyReadiness(true, GitGateway.Plan.Serialization.PlanJson.Hash(first), null));
        await using var announcer = new VipAnnouncer(new AnnouncerOptions("test-node", NextHopV4: IPAddress.Parse("192.0.2.10")), readiness, TimeProvider.System, NullLoggerFactory.Instance);
        announcer.SetPlan(first);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);
        using var connection = await peer.AcceptAsync(Wait, ct);
        Assert.IsType<OpenMessage>(await connection.ReadAsync(Wait, ct));
        await connection.SendAsync(Message(BgpMessageType.Open, OpenBody(hold: 90)), ct);
        await connection.SendAsync(Message(BgpMessageType.Keepalive), ct);
        Assert.IsType<KeepaliveMessage>(await connection.ReadAsync(Wait, ct));
        Assert.Equal([IPNetwork.Parse("10.200.0.100/32")], (await NextUpdateAsync(connection, ct)).Nlri);
        Assert.Equal(UpdateMessage.EndOfRib(BgpFamily.Ipv4Unicast), await connection.ReadAsync(Wait, ct));

        announcer.SetPlan(second); // the proxy still serves the first revision
        Assert.Null(await connection.ReadAsync(TimeSpan.FromMilliseconds(300), ct));
        readiness.Set(new ProxyReadiness(true, GitGateway.Plan.Serialization.PlanJson.Hash(second), null));

        Assert.Equal([IPNetwork.Parse("10.200.0.101/32")], (await NextUpdateAsync(connection, ct)).Nlri);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Session_RouteRefreshFromPeer_ReadvertisesTheVip()
    {
        var ct = TestContext.Current.CancellationToken;
        using var peer = new RawBgpPeer();
        var readiness = new ProxyReadinessSource(ProxyReadiness.AlwaysReady);
        await using var announcer = new VipAnnouncer(new AnnouncerOptions("test-node", NextHopV4: IPAddress.Parse("192.0.2.10")), readiness, TimeProvider.System, NullLoggerFactory.Instance);
        announcer.SetPlan(TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer("127.0.0.1", 64500, peer.Port)])));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);
        using var connection = await peer.AcceptAsync(Wait, ct);
        Assert.IsType<OpenMessage>(await connection.ReadAsync(Wait, ct));
        await connection.SendAsync(Message(BgpMessageType.Open, OpenBody(hold: 90, parameters: [2, 14, 1, 4, 0, 1, 0, 1, 2, 0, 65, 4, 0, 0, 0xFB, 0xF4])), ct);
        await connection.SendAsync(Message(BgpMessageType.Keepalive), ct);
        Assert.IsType<KeepaliveMessage>(await connection.ReadAsync(Wait, ct));
        var first = await NextUpdateAsync(connection, ct);
        Assert.Equal(UpdateMessage.EndOfRib(BgpFamily.Ipv4Unicast), await connection.ReadAsync(Wait, ct));

        await connection.SendAsync(Message(BgpMessageType.RouteRefresh, 0, 1, 0, 1), ct); // RFC 2918 §3: IPv4 unicast

        Assert.Equal(first, await NextUpdateAsync(connection, ct));
        await stop.CancelAsync();
        await run;
    }

    private static async Task<UpdateMessage> NextUpdateAsync(RawConnection connection, CancellationToken ct)
    {
        while (true)
        {
            var message = await connection.ReadAsync(Wait, ct);
            Assert.NotNull(message);
            if (message is UpdateMessage update && !update.Equals(UpdateMessage.EndOfRib(BgpFamily.Ipv6Unicast)))
            {
                return update;
            }
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
