using System.Diagnostics;
using System.Text.Json;
using GitGateway.Plan.Model;
using GitGateway.Vip.Announcing;
using GitGateway.Vip.Bgp;
using GitGateway.Vip.Tests.Peers;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>
/// The speaker's own guardrails, observed at gobgpd: it announces what the plan's pools allocate and no more,
/// never more prefixes than a peer's cap, and paces its changes.
/// </summary>
public sealed class GuardrailInteropTests
{
    // A speaker process start is part of the first wait: under a loaded machine that alone can take 20 s.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task VipHost_PlanFilesOutsidePoolsDefaultRouteOrWidePrefix_RefusedAndLastGoodKept()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct);
        var peer = TestPlans.Peer("127.0.0.1", 64500, gobgp.Port);
        var good = TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [peer]));
        using var host = await VipHostProcess.StartAsync(good, ["--always-ready", "--next-hop-v4", "192.0.2.10"], ct);

        // The good plan first: a bad file written before the speaker read the good one would leave it nothing to keep.
        var first = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 1, Wait, ct);
        Assert.True(Count(first) == 1, "not announced: " + host.Log);
        var wide = new VipPool("wide", ["0.0.0.0/0", "10.0.0.0/8"], [], new SourceMark("x", 1, 1));
        RoutingPlan[] bad =
        [
            TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [peer]), TestPlans.Vip("google", ["8.8.8.8/32"], [peer])),
            TestPlans.With(TestPlans.Vip("everything", ["0.0.0.0/0"], [peer])) with { VipPools = [wide] },
            TestPlans.With(TestPlans.Vip("ten", ["10.0.0.0/8"], [peer])) with { VipPools = [wide] },
            TestPlans.With(TestPlans.Vip("anything", ["8.8.4.4/32"], [peer])) with { VipPools = [wide] },
            TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [peer])) with { VipPools = null },
        ];

        for (var i = 0; i < bad.Length; i++)
        {
            await host.WritePlanAsync(bad[i], ct);
            await Command.PollAsync(() => Task.FromResult(Refusals(host.Log)), n => n > i, Wait, ct);
            Assert.True(Refusals(host.Log) > i, $"plan {i} was not refused: {host.Log}");
        }

        var rib = await gobgp.RibAsync("ipv4", ct);
        Assert.Equal(["10.200.0.100/32"], rib.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, Count(await gobgp.RibAsync("ipv6", ct)));
    }

    [Fact]
    public async Task Announcer_PlanAbovePeerCap_RefusedSoRouterMaxPrefixNeverTrips_ThenOneVipReachesTheSameSession()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct, maxPrefixes: 100);
        var peer = TestPlans.Peer("127.0.0.1", 64500, gobgp.Port, maxPrefixes: 90);
        await using var announcer = GobgpInteropTests.NewAnnouncer(new ProxyReadinessSource(ProxyReadiness.AlwaysReady));
        Assert.True(announcer.SetPlan(TestPlans.With(TestPlans.Many(1, peer))));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);
        await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 1, Wait, ct);

        var taken = announcer.SetPlan(TestPlans.With(TestPlans.Many(150, peer, new UpdatePace(1000, 1000))));
        await Task.Delay(1500, ct);

        Assert.False(taken);
        Assert.Contains("above its maxPrefixes 90", announcer.LastRefusal, StringComparison.Ordinal);
        Assert.Equal(1, Count(await gobgp.RibAsync("ipv4", ct)));
        var (_, neighbor) = await gobgp.GobgpAsync(["neighbor", "127.0.0.1"], ct);
        Assert.Contains("BGP state = established", neighbor, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, announcer.Status.Single().Established);

        // Back to one VIP, another one: it reaches the router on the same session, which never reset.
        Assert.True(announcer.SetPlan(TestPlans.With(TestPlans.Vip("solo", ["10.200.9.9/32"], [peer]))), announcer.LastRefusal);
        var one = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Names(r).SequenceEqual(["10.200.9.9/32"]), Wait, ct);
        Assert.Equal(["10.200.9.9/32"], Names(one));
        (_, neighbor) = await gobgp.GobgpAsync(["neighbor", "127.0.0.1"], ct);
        Assert.Contains("BGP state = established", neighbor, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, Notifications(neighbor));
        Assert.Equal(1, announcer.Status.Single().Established);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Announcer_CapSetAboveTheRoutersMaxPrefix_RouterDropsEveryRoute_BackToOneVipTheRouteReturns()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct, maxPrefixes: 100);

        // The mistake the cap exists for: maxPrefixes above the router's own limit.
        var peer = TestPlans.Peer("127.0.0.1", 64500, gobgp.Port, maxPrefixes: 150);
        await using var announcer = GobgpInteropTests.NewAnnouncer(new ProxyReadinessSource(ProxyReadiness.AlwaysReady));
        Assert.True(announcer.SetPlan(TestPlans.With(TestPlans.Many(1, peer))));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);
        await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 1, Wait, ct);

        Assert.True(announcer.SetPlan(TestPlans.With(TestPlans.Many(150, peer, new UpdatePace(1000, 1000)))), announcer.LastRefusal);
        var reset = await Command.PollAsync(() => gobgp.GobgpAsync(["neighbor", "127.0.0.1"], ct), r => Notifications(r.Output) > 0, Wait, ct);
        Assert.True(Notifications(reset.Output) > 0, "the router did not reset the session: " + reset.Output);
        var dropped = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 0, Wait, ct);
        Assert.Equal(0, Count(dropped));

        // Back to one VIP: the speaker reconnects with the smaller set and the router takes it.
        Assert.True(announcer.SetPlan(TestPlans.With(TestPlans.Vip("solo", ["10.200.9.9/32"], [peer]))), announcer.LastRefusal);
        var one = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Names(r).SequenceEqual(["10.200.9.9/32"]), TimeSpan.FromSeconds(60), ct);
        Assert.True(Names(one).SequenceEqual(["10.200.9.9/32"]), "not back: " + one + gobgp.Log);
        Assert.Equal(BgpState.Established, announcer.Status.Single().State);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Announcer_FiftyWithdrawals_SpreadOverTimePerConfiguredPace()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct);
        var readiness = new ProxyReadinessSource(ProxyReadiness.AlwaysReady);
        await using var announcer = GobgpInteropTests.NewAnnouncer(readiness);
        var pace = new UpdatePace(PrefixesPerSecond: 10, Burst: 5);
        announcer.SetPlan(TestPlans.With(TestPlans.Many(50, TestPlans.Peer("127.0.0.1", 64500, gobgp.Port), pace)));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = announcer.RunAsync(stop.Token);
        var all = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 50, TimeSpan.FromSeconds(30), ct);
        Assert.True(Count(all) == 50, "not all announced: " + gobgp.Log);
        await Task.Delay(600, ct); // let the bucket fill to its burst again

        readiness.Set(ProxyReadiness.NotReady);
        var clock = Stopwatch.StartNew();
        var seen = new SortedSet<int>();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var count = Count(await gobgp.RibAsync("ipv4", ct));
            seen.Add(count);
            if (count == 0)
            {
                break;
            }
        }

        var took = clock.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"50 withdrawals at 10/s after a burst of 5: {took.TotalSeconds:F1} s, counts seen: {string.Join(',', seen)}");
        Assert.Contains(0, seen);
        // (50 - 5) / 10 = 4.5 s at the configured pace; without pacing all 50 go out in one UPDATE.
        Assert.True(took >= TimeSpan.FromSeconds(3.5), $"withdrawn in {took.TotalSeconds:F1} s");
        Assert.True(seen.Count(c => c is > 0 and < 50) >= 5, "intermediate counts: " + string.Join(',', seen));
        await stop.CancelAsync();
        await run;
    }

    private static int Refusals(string log) => log.Split("plan refused").Length - 1;

    /// <summary>NOTIFICATIONs sent and received, from the statistics of <c>gobgp neighbor ADDRESS</c>.</summary>
    private static int Notifications(string neighbor) =>
        neighbor.Split('\n').Where(l => l.TrimStart().StartsWith("Notifications:", StringComparison.Ordinal))
            .Sum(l => l.Split(' ', '\t').Where(w => w.Length > 0).Skip(1).Sum(w => int.Parse(w, System.Globalization.CultureInfo.InvariantCulture)));

    private static string[] Names(JsonElement rib) => rib.ValueKind == JsonValueKind.Object ? [.. rib.EnumerateObject().Select(p => p.Name)] : [];

    private static int Count(JsonElement rib) => rib.ValueKind == JsonValueKind.Object ? rib.EnumerateObject().Count() : 0;
}
