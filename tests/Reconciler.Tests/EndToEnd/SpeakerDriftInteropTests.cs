using System.Net;
using GitGateway.Fixtures;
using GitGateway.Proxy.Hosting;
using GitGateway.Reconciler.Drift;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Vip.Announcing;
using GitGateway.Vip.Tests.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// Speaker drift per peer (issue 15): the control plane, a proxy node with its VIP announcer following it, and
/// gobgpd as the router. The speaker withdraws the VIP from the router while the proxy serves the revision that
/// says to announce it (its speaker refuses the revision: a second peer's TCP MD5 key the node cannot read, and
/// no floor keeps the VIP); the control plane names the router and the prefix it was not sent, and the
/// <c>gitgateway/drift</c> check turns red.
/// </summary>
public sealed class SpeakerDriftInteropTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private const string NoRoutes = "\n\nGitGateway-Allow-Destructive: the drift test serves no route";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SpeakerWithdrawsThePlannedPrefix_DriftNamesTheRouterAndThePrefix_CheckRed()
    {
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", Ct);
        var port = Ports.FreeTcp();
        using var repo = GitTestRepo.Create();
        FleetFloorInteropTests.WriteRepository(repo, port, gobgp.Port, spare: null);
        var seed = repo.Commit("a gateway behind a VIP" + NoRoutes);
        await using var cp = await ControlPlaneFixture.StartAsync(repo, ["node-a"], Ct, rollout: new GitGateway.Reconciler.Apply.RolloutOptions(0, TimeSpan.Zero, 0.05, 20), drift: new DriftOptions(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1), 5, TimeSpan.FromSeconds(1)));
        var tokenFile = Path.Combine(repo.Root, "node-token");
        await File.WriteAllTextAsync(tokenFile, ControlPlaneFixture.NodeToken, Ct);
        await using var node = await StartNodeAsync(cp.BaseUri, tokenFile, port, repo.Root);

        await cp.PushAsync("main", seed);
        var announced = await Command.PollAsync(() => gobgp.RibAsync("ipv4", Ct), r => FleetFloorInteropTests.NextHops(r).Length == 1, Wait, Ct);
        Assert.True(FleetFloorInteropTests.NextHops(announced).Length == 1, "not announced: " + announced + gobgp.Log);
        await DriftEndToEndTests.DriftCheckAsync(cp, seed, "success");

        FleetFloorInteropTests.WriteRepository(repo, port, gobgp.Port, spare: "");
        var change = repo.Commit("a second router, signed" + NoRoutes);
        await cp.PushAsync("main", change);
        var withdrawn = await Command.PollAsync(() => gobgp.RibAsync("ipv4", Ct), r => FleetFloorInteropTests.NextHops(r).Length == 0, Wait, Ct);
        Assert.True(FleetFloorInteropTests.NextHops(withdrawn).Length == 0, "still announced: " + withdrawn);

        var red = await DriftEndToEndTests.DriftCheckAsync(cp, change, "failure");
        Assert.Equal("drift: node-a differs from revision 2", red.Title);
        Assert.Contains($"BGP peer 127.0.0.1:{gobgp.Port} was not sent 10.200.0.100/32 (vip/public-vip)", red.Summary, StringComparison.Ordinal);
        var drift = Assert.Single(await DriftEndToEndTests.DriftAsync(cp));
        Assert.Contains(drift.GetProperty("differences").EnumerateArray(), d => d.GetString() == "vip/public-vip (10.200.0.100/32) is not announced");
        Assert.False(drift.GetProperty("behind").GetBoolean());
    }

    // Without --floor-probe: nothing keeps a VIP announced that the speaker stops serving.
    private static async Task<ProxyNode> StartNodeAsync(Uri controlPlane, string tokenFile, int port, string root)
    {
        var dir = Path.Combine(root, "node-a");
        var vip = new AnnouncerOptions(
            "node-a",
            RouterId: IPAddress.Parse("10.0.0.1"),
            NextHopV4: IPAddress.Parse("192.0.2.10"),
            LocalAddress: IPAddress.Loopback,
            ConnectRetryMin: TimeSpan.FromMilliseconds(200),
            SecretDirectory: Path.Combine(dir, "secrets"));
        var options = new ProxyOptions(null, null, IPAddress.Loopback, new Dictionary<int, int> { [port] = port }, null, 0, Path.Combine(dir, "state"), "node-a", false, TimeSpan.FromSeconds(1), vip, TimeSpan.Zero, controlPlane, tokenFile);
        var node = new ProxyNode(options, TimeProvider.System, NullLoggerFactory.Instance, TextWriter.Null) { ReportInterval = TimeSpan.FromMilliseconds(500) };
        await node.StartAsync(Ct);
        return node;
    }
}
