using System.Diagnostics;
using System.Globalization;
using GitGateway.Plan.Model;
using GitGateway.Vip.Tests.Peers;

namespace GitGateway.Vip.Tests.Bfd;

/// <summary>
/// Two gitgateway-vip processes in two namespaces announce one VIP to a BIRD router in a third, with BFD
/// 300 ms × 3. Failing the preferred announcer's link must move the router's best route to the other one.
/// The times are reported (bench/vip/failover.sh repeats them); the bound asserted is only a correctness check.
/// </summary>
public sealed class FailoverTests
{
    private const string Vip = "10.200.0.100/32";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Failover_PreferredAnnouncerLinkFails_RouterMovesToOtherAnnouncerWithinBfdDetection()
    {
        var ct = TestContext.Current.CancellationToken;
        using var router = await NetNamespace.CreateAsync(ct);
        using var nsA = await NetNamespace.CreateAsync(ct);
        using var nsB = await NetNamespace.CreateAsync(ct);
        var (a, ra) = NetNamespace.NewSubnet();
        var (b, rb) = NetNamespace.NewSubnet();
        var devA = await router.LinkAsync(nsA, a, ra, ct);
        await router.LinkAsync(nsB, b, rb, ct);
        using var bird = await BirdPeer.StartAsync(router.Name, RouterConfig(ra, a, rb, b), ct);
        var bfd = new BfdSettings(3, 300, 300);
        using var hostA = await VipHostProcess.StartAsync(
            TestPlans.With(TestPlans.Vip("web", [Vip], [TestPlans.Peer(ra, 64500, 179)], med: 10, bfd: bfd)), ["--always-ready", "--router-id", a], ct, nsA.Name);
        using var hostB = await VipHostProcess.StartAsync(
            TestPlans.With(TestPlans.Vip("web", [Vip], [TestPlans.Peer(rb, 64500, 179)], med: 20, bfd: bfd)), ["--always-ready", "--router-id", b], ct, nsB.Name);
        var runs = int.Parse(Environment.GetEnvironmentVariable("GG_FAILOVER_RUNS") ?? "1", CultureInfo.InvariantCulture);
        for (var run = 0; run < runs; run++)
        {
            var best = await WaitPrimaryAsync(bird, "a", ct);
            Assert.True(best, $"router never preferred announcer A: {await bird.RouteAsync(Vip, ct)}\n{hostA.Log}\n{bird.Log}");
            await Command.PollAsync(() => bird.BirdcAsync("show bfd sessions", ct), r => CountUp(r.Output) == 2, Wait, ct);

            // A silent failure: A's address disappears but the carrier stays up, so only BFD can notice.
            var clock = Stopwatch.StartNew();
            await Command.CheckAsync("ip", ["-n", nsA.Name, "addr", "flush", "dev", devA], ct);
            var moved = await WaitPrimaryAsync(bird, "b", ct);
            var silent = clock.Elapsed;
            TestContext.Current.TestOutputHelper?.WriteLine($"failover after silent link loss (BFD 300 ms x 3): {silent.TotalMilliseconds:F0} ms");
            Assert.True(moved, await bird.RouteAsync(Vip, ct));
            Assert.True(silent < TimeSpan.FromSeconds(3), $"failover took {silent}");

            await Command.CheckAsync("ip", ["-n", nsA.Name, "addr", "add", a + "/30", "dev", devA], ct);
            Assert.True(await WaitPrimaryAsync(bird, "a", ct), "A did not come back: " + hostA.Log);

            // A link that goes down: the router sees the carrier drop.
            clock.Restart();
            await Command.CheckAsync("ip", ["-n", nsA.Name, "link", "set", devA, "down"], ct);
            Assert.True(await WaitPrimaryAsync(bird, "b", ct), await bird.RouteAsync(Vip, ct));
            TestContext.Current.TestOutputHelper?.WriteLine($"failover after link down: {clock.Elapsed.TotalMilliseconds:F0} ms");
            await Command.CheckAsync("ip", ["-n", nsA.Name, "link", "set", devA, "up"], ct);
            await Command.CheckAsync("ip", ["-n", nsA.Name, "addr", "replace", a + "/30", "dev", devA], ct);
        }
    }

    private static async Task<bool> WaitPrimaryAsync(BirdPeer bird, string protocol, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Wait)
        {
            var (_, output) = await bird.BirdcAsync($"show route {Vip} primary", ct);
            if (output.Contains($"[{protocol} ", StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(5, ct);
        }

        return false;
    }

    private static int CountUp(string bfdSessions) => bfdSessions.Split('\n').Count(l => l.Contains(" Up ", StringComparison.Ordinal));

    private static string RouterConfig(string ra, string a, string rb, string b) => $$"""
        router id {{ra}};
        protocol device { scan time 10; }
        protocol bfd {
          interface "*" { min rx interval 300 ms; min tx interval 300 ms; multiplier 3; };
        }
        protocol bgp a {
          local {{ra}} as 64500; neighbor {{a}} as 64501; passive on; bfd on; error wait time 1, 2;
          ipv4 { import all; export none; };
        }
        protocol bgp b {
          local {{rb}} as 64500; neighbor {{b}} as 64501; passive on; bfd on; error wait time 1, 2;
          ipv4 { import all; export none; };
        }
        """;
}
