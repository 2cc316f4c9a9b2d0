using System.Text.Json;
using GitGateway.Vip.Tests.Peers;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>RFC 4724 with gobgpd as the receiving (helper) speaker.</summary>
public sealed class GracefulRestartTests
{
    // A speaker process start is part of every wait: under a loaded machine that alone can take 20 s.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task GracefulRestart_AnnouncerKilledAndRestarted_PeerKeepsVipStaleThenRefreshesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct, gracefulRestart: true);
        var plan = TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer("127.0.0.1", 64500, gobgp.Port)]));
        string[] arguments = ["--always-ready", "--next-hop-v4", "192.0.2.10"];
        using (var first = await VipHostProcess.StartAsync(plan, arguments, ct))
        {
            var rib = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 1, Wait, ct);
            Assert.True(Count(rib) == 1, "not announced: " + first.Log);
        }

        // Killed without a NOTIFICATION: the peer keeps forwarding to the VIP while the speaker restarts.
        await Command.PollAsync(() => gobgp.GobgpAsync(["neighbor"], ct), r => !r.Output.Contains("Establ", StringComparison.Ordinal), Wait, ct);
        var stale = await gobgp.RibAsync("ipv4", ct);
        Assert.Equal(1, Count(stale));
        Assert.Contains("\"stale\":true", stale.GetRawText(), StringComparison.Ordinal);

        using var second = await VipHostProcess.StartAsync(plan, arguments, ct);
        var refreshed = await Command.PollAsync(
            () => gobgp.RibAsync("ipv4", ct),
            r => Count(r) == 1 && !r.GetRawText().Contains("\"stale\":true", StringComparison.Ordinal),
            Wait,
            ct);
        Assert.DoesNotContain("\"stale\":true", refreshed.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(1, Count(refreshed));
    }

    [Fact]
    public async Task GracefulRestart_RouterWithoutIt_VipWithdrawnAsSoonAsTheSessionDrops()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct, gracefulRestart: false);
        var plan = TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer("127.0.0.1", 64500, gobgp.Port)]));
        using (var first = await VipHostProcess.StartAsync(plan, ["--always-ready", "--next-hop-v4", "192.0.2.10"], ct))
        {
            var rib = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 1, Wait, ct);
            Assert.True(Count(rib) == 1, "not announced: " + first.Log);
        }

        // Killed without a NOTIFICATION: a router that did not negotiate graceful restart drops the routes with the session.
        await Command.PollAsync(() => gobgp.GobgpAsync(["neighbor"], ct), r => !r.Output.Contains("Establ", StringComparison.Ordinal), Wait, ct);
        var after = await gobgp.RibAsync("ipv4", ct);
        Assert.Equal(0, Count(after));
    }

    [Fact]
    public async Task GracefulRestart_RouterOffersLongLivedStaleRoutes_SpeakerDoesNot_VipDroppedWhenTheRestartTimeEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct, gracefulRestart: true, longLivedStaleSeconds: 600);
        var plan = TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer("127.0.0.1", 64500, gobgp.Port)]));
        using (var first = await VipHostProcess.StartAsync(plan, ["--always-ready", "--next-hop-v4", "192.0.2.10", "--graceful-restart-time", "4"], ct))
        {
            var rib = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 1, Wait, ct);
            Assert.True(Count(rib) == 1, "not announced: " + first.Log);

            // Graceful restart with our restart time; long-lived graceful restart offered by the router only.
            var (_, neighbor) = await gobgp.GobgpAsync(["neighbor", "127.0.0.1"], ct);
            Assert.Matches(@"graceful-restart:\s+advertised and received", neighbor);
            Assert.Matches(@"Remote: restart time 4 sec", neighbor);
            Assert.Matches(@"long-lived-graceful-restart:\s+advertised\s*\n", neighbor);
        }

        // Killed without a NOTIFICATION: stale for the restart time, then gone. A speaker offering long-lived
        // graceful restart would have its route kept for 600 s more, tagged LLGR_STALE (65535:6).
        await Command.PollAsync(() => gobgp.GobgpAsync(["neighbor"], ct), r => !r.Output.Contains("Establ", StringComparison.Ordinal), Wait, ct);
        var stale = await gobgp.RibAsync("ipv4", ct);
        Assert.Equal(1, Count(stale));
        Assert.Contains("\"stale\":true", stale.GetRawText(), StringComparison.Ordinal);
        var gone = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 0, Wait, ct);
        Assert.True(Count(gone) == 0, "kept past the restart time: " + gone);
    }

    private static int Count(JsonElement rib) => rib.ValueKind == JsonValueKind.Object ? rib.EnumerateObject().Count() : 0;
}
