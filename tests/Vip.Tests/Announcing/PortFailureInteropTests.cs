using System.Text.Json;
using GitGateway.Plan.Serialization;
using GitGateway.Vip.Tests.Peers;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>A listener that failed to bind costs only the VIPs on its port, observed at gobgpd.</summary>
public sealed class PortFailureInteropTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task VipHost_ProxyUnreadyBecauseOnePortFailedToBind_WithdrawsOnlyTheVipOnThatPort()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct);
        using var readyz = new ReadyzServer();
        var peer = TestPlans.Peer("127.0.0.1", 64500, gobgp.Port);
        var plan = TestPlans.With(
            TestPlans.Vip("web", ["10.200.0.100/32"], [peer], ports: [80, 443]),
            TestPlans.Vip("db", ["10.200.0.101/32"], [peer], ports: [5432]));
        var hash = PlanJson.Hash(plan);
        readyz.Set($$"""{"ready":true,"planHash":"{{hash}}","ports":[80,443,5432]}""");
        using var host = await VipHostProcess.StartAsync(plan, ["--ready-url", readyz.Url.ToString(), "--next-hop-v4", "192.0.2.10"], ct);
        var both = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 2, Wait, ct);
        Assert.True(Count(both) == 2, "not announced: " + host.Log);

        // Port 5432 is taken by another process: the proxy answers 503 but still serves 80 and 443.
        readyz.Set($$"""{"ready":false,"planHash":"{{hash}}","ports":[80,443]}""", unavailable: true);
        var one = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 1, Wait, ct);
        Assert.Equal(["10.200.0.100/32"], one.EnumerateObject().Select(p => p.Name));

        // Really down (no answer naming what it serves): everything goes.
        readyz.Set(null);
        var none = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 0, Wait, ct);
        Assert.Equal(0, Count(none));
    }

    private static int Count(JsonElement rib) => rib.ValueKind == JsonValueKind.Object ? rib.EnumerateObject().Count() : 0;
}
