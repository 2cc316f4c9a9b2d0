using System.Net;
using System.Net.Sockets;
using GitGateway.Vip.Announcing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>The floor's decisions step by step, with a real listener standing in for the proxy and the fleet view set by hand.</summary>
public sealed class VipFloorTests : IDisposable
{
    private readonly TcpListener _proxy = new(IPAddress.Loopback, 0);
    private readonly FleetView _fleet = new();
    private readonly VipFloor _floor;
    private readonly Plan.Model.RoutingPlan _plan;
    private readonly HashSet<int> _bound; // what the proxy's own answer names as bound

    public VipFloorTests()
    {
        _proxy.Start();
        var port = ((IPEndPoint)_proxy.LocalEndpoint).Port;
        _bound = [port];
        _plan = TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer("192.0.2.1", 64500, 179)], ports: [port]));
        _floor = new VipFloor(new AnnouncerOptions("test-node", FloorProbeAddress: IPAddress.Loopback), _fleet, TimeProvider.System, NullLogger.Instance);
    }

    [Fact]
    public async Task HoldAsync_LastAnnouncerUnreadyWithListenerUp_KeepsTheVip()
    {
        var ct = TestContext.Current.CancellationToken;
        await _floor.HoldAsync(_plan, [.. _plan.Vips], _bound, enabled: true, ct);

        var held = await _floor.HoldAsync(_plan, [], _bound, enabled: true, ct);

        Assert.Equal(["vip/web"], held.Select(v => v.Id));
        Assert.Equal(["vip/web"], _floor.Held);
        Assert.Empty(_floor.Serving);
    }

    [Fact]
    public async Task HoldAsync_AnotherNodeServes_LeftToItOnlyOnAViewNewerThanTheWithdrawal()
    {
        var ct = TestContext.Current.CancellationToken;
        _fleet.Set(new HashSet<string> { "vip/web" });
        await _floor.HoldAsync(_plan, [.. _plan.Vips], _bound, enabled: true, ct);

        var first = await _floor.HoldAsync(_plan, [], _bound, enabled: true, ct);
        _fleet.Set(new HashSet<string> { "vip/web" });
        var afterOneLook = await _floor.HoldAsync(_plan, [], _bound, enabled: true, ct);
        _fleet.Set(new HashSet<string> { "vip/web" });
        var afterTwoLooks = await _floor.HoldAsync(_plan, [], _bound, enabled: true, ct);
        _fleet.Set(new HashSet<string>());
        var otherStopped = await _floor.HoldAsync(_plan, [], _bound, enabled: true, ct);

        Assert.Single(first);
        Assert.Single(afterOneLook);
        Assert.Empty(afterTwoLooks);
        Assert.Single(otherStopped);
    }

    [Fact]
    public async Task HoldAsync_ListenerDoesNotAccept_WithdrawnForGood()
    {
        var ct = TestContext.Current.CancellationToken;
        await _floor.HoldAsync(_plan, [.. _plan.Vips], _bound, enabled: true, ct);
        _proxy.Stop();

        var held = await _floor.HoldAsync(_plan, [], _bound, enabled: true, ct);
        _proxy.Start();
        var later = await _floor.HoldAsync(_plan, [], _bound, enabled: true, ct);

        Assert.Empty(held);
        Assert.Empty(later);
    }

    [Fact]
    public async Task HoldAsync_ShuttingDownOrNeverServed_HoldsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var neverServed = await _floor.HoldAsync(_plan, [], _bound, enabled: true, ct);
        await _floor.HoldAsync(_plan, [.. _plan.Vips], _bound, enabled: true, ct);
        var shuttingDown = await _floor.HoldAsync(_plan, [], _bound, enabled: false, ct);

        Assert.Empty(neverServed);
        Assert.Empty(shuttingDown);
    }

    [Fact]
    public async Task HoldAsync_VipLeftThePlan_NotHeld()
    {
        var ct = TestContext.Current.CancellationToken;
        await _floor.HoldAsync(_plan, [.. _plan.Vips], _bound, enabled: true, ct);

        var held = await _floor.HoldAsync(TestPlans.With(), [], _bound, enabled: true, ct);

        Assert.Empty(held);
    }

    [Fact]
    public async Task HoldAsync_ForeignListenerOnThePortAndNoAnswerFromTheProxy_Withdrawn()
    {
        var ct = TestContext.Current.CancellationToken;
        await _floor.HoldAsync(_plan, [.. _plan.Vips], _bound, enabled: true, ct);

        var held = await _floor.HoldAsync(_plan, [], boundByProxy: null, enabled: true, ct); // the listener still accepts

        Assert.Empty(held);
        Assert.Empty(_floor.Held);
    }

    [Fact]
    public async Task HoldAsync_ProxyAnswersWithoutTheVipsPortThoughItAccepts_Withdrawn()
    {
        var ct = TestContext.Current.CancellationToken;
        await _floor.HoldAsync(_plan, [.. _plan.Vips], _bound, enabled: true, ct);

        // The proxy could not bind the port (another process holds it, and accepts): its answer leaves the port out.
        var held = await _floor.HoldAsync(_plan, [], new HashSet<int> { 1 }, enabled: true, ct);

        Assert.Empty(held);
    }

    public void Dispose() => _proxy.Dispose();
}
