using System.Text.Json;
using GitGateway.Vip.Tests.Peers;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>RFC 4724 with gobgpd as the receiving (helper) speaker.</summary>
public sealed class GracefulRestartTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

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

    private static int Count(JsonElement rib) => rib.ValueKind == JsonValueKind.Object ? rib.EnumerateObject().Count() : 0;
}
