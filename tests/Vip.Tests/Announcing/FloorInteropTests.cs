using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitGateway.Fixtures;
using GitGateway.Plan.Serialization;
using GitGateway.Vip.Tests.Peers;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>
/// The floor of announcers with two <c>gitgateway-vip</c> processes (from 127.0.0.1 and 127.0.0.2, each reading the
/// other's <c>/status</c> as its fleet view, or with no fleet source at all) and gobgpd as the router. A TCP listener
/// on loopback stands in for the proxies' listener on the VIP's port, and a <see cref="ReadyzServer"/> for each
/// proxy's answer: unready, it still names the port bound (it serves a revision the speaker has not seen), which the
/// floor needs before it trusts the listener. The control plane's fleet view:
/// <c>tests/Reconciler.Tests/EndToEnd/FleetFloorInteropTests.cs</c>.
/// </summary>
public sealed class FloorInteropTests
{
    private const string Released = "VIP floor: no VIP is held any more";
    // Two speaker processes start at once: under a loaded machine that alone can take 20 s.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(40);

    // The alert's log half: an error-level line naming the held VIP.
    private static readonly Regex HoldLogged = new(@"fail: \S+\[\d+\] VIP floor: keeping vip/web announced although the proxy does not report serving them", RegexOptions.None, TimeSpan.FromSeconds(1));

    [Fact]
    public async Task Floor_BothSpeakersUnready_VipStaysAnnouncedWithTheAlert_ThenFollowsTheFleetAndTheListener()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct, moreNeighbors: ["127.0.0.2"]);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var plan = TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer("127.0.0.1", 64500, gobgp.Port)], ports: [port]));
        var ready = $$"""{"ready":true,"planHash":"{{PlanJson.Hash(plan)}}","ports":[{{port}}]}""";
        using var readyA = new ReadyzServer();
        using var readyB = new ReadyzServer();
        readyA.Set(ready);
        readyB.Set(ready);
        int statusA = Ports.FreeTcp(), statusB = Ports.FreeTcp();
        using var a = await VipHostProcess.StartAsync(plan, Arguments(readyA, statusB, "127.0.0.1", "192.0.2.10"), ct, statusPort: statusA);
        using var b = await VipHostProcess.StartAsync(plan, Arguments(readyB, statusA, "127.0.0.2", "192.0.2.11"), ct, statusPort: statusB);
        var both = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Paths(r) == 2, Wait, ct);
        Assert.True(Paths(both) == 2, "not announced by both: " + both + a.Log + b.Log);

        // Every node unready at once, still naming the port bound: withdrawing would leave nobody announcing.
        readyA.Set(Unready(port), unavailable: true);
        readyB.Set(Unready(port), unavailable: true);
        var fewest = 2;
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(5);)
        {
            fewest = Math.Min(fewest, Paths(await gobgp.RibAsync("ipv4", ct)));
        }

        Assert.True(fewest >= 1, "the VIP left the router: " + a.Log + b.Log);
        using var http = new HttpClient();
        var held = await HeldAsync(http, statusA, ct) + await HeldAsync(http, statusB, ct);
        Assert.True(held >= 1, "no floor alert raised");
        var alert = await Command.PollAsync(() => Task.FromResult(a.Log + b.Log), l => HoldLogged.IsMatch(l), Wait, ct);
        Assert.Matches(HoldLogged, alert);

        // A serves again: B leaves the VIP to A (A's next hop only), and the alert clears.
        readyA.Set(ready);
        var one = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Paths(r) == 1 && NextHops(r).SequenceEqual(["192.0.2.10"]), Wait, ct);
        Assert.Equal(["192.0.2.10"], NextHops(one));
        Assert.Equal(0, await HeldAsync(http, statusB, ct));
        var cleared = await Command.PollAsync(() => Task.FromResult(a.Log + b.Log), l => l.Contains(Released, StringComparison.Ordinal), Wait, ct);
        Assert.Contains(Released, cleared, StringComparison.Ordinal);

        // The proxy really down (its listener stops accepting) and unready: nothing holds the VIP any more.
        readyA.Set(null);
        listener.Stop();
        var gone = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Paths(r) == 0, Wait, ct);
        Assert.True(Paths(gone) == 0, "still announced: " + gone);
    }

    [Fact]
    public async Task Floor_NoFleetSourceAndEverySpeakerUnready_EachKeepsItsAnnouncementWithTheAlert_UntilTheListenerStops()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct, moreNeighbors: ["127.0.0.2"]);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var plan = TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer("127.0.0.1", 64500, gobgp.Port)], ports: [port]));
        using var readyA = new ReadyzServer();
        using var readyB = new ReadyzServer();
        readyA.Set($$"""{"ready":true,"planHash":"{{PlanJson.Hash(plan)}}","ports":[{{port}}]}""");
        readyB.Set($$"""{"ready":true,"planHash":"{{PlanJson.Hash(plan)}}","ports":[{{port}}]}""");

        // The local fallback: no --fleet-status and no control plane, so each node counts itself the last announcer.
        using var a = await VipHostProcess.StartAsync(plan, Arguments(readyA, null, "127.0.0.1", "192.0.2.10"), ct);
        using var b = await VipHostProcess.StartAsync(plan, Arguments(readyB, null, "127.0.0.2", "192.0.2.11"), ct);
        var both = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Paths(r) == 2, Wait, ct);
        Assert.True(Paths(both) == 2, "not announced by both: " + both + a.Log + b.Log);

        readyA.Set(Unready(port), unavailable: true);
        readyB.Set(Unready(port), unavailable: true);
        var fewest = 2;
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(5);)
        {
            fewest = Math.Min(fewest, Paths(await gobgp.RibAsync("ipv4", ct)));
        }

        Assert.True(fewest == 2, "a node withdrew the VIP: " + a.Log + b.Log);
        using var http = new HttpClient();
        Assert.Equal(1, await HeldAsync(http, a.StatusPort, ct));
        Assert.Equal(1, await HeldAsync(http, b.StatusPort, ct));
        Assert.Matches(HoldLogged, await Command.PollAsync(() => Task.FromResult(a.Log), l => HoldLogged.IsMatch(l), Wait, ct));
        Assert.Matches(HoldLogged, await Command.PollAsync(() => Task.FromResult(b.Log), l => HoldLogged.IsMatch(l), Wait, ct));

        listener.Stop();
        var gone = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Paths(r) == 0, Wait, ct);
        Assert.True(Paths(gone) == 0, "still announced: " + gone);
    }

    [Fact]
    public async Task Floor_ForeignListenerOnThePortAndNoProxy_VipWithdrawn()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var plan = TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer("127.0.0.1", 64500, gobgp.Port)], ports: [port]));
        var readyz = new ReadyzServer();
        readyz.Set($$"""{"ready":true,"planHash":"{{PlanJson.Hash(plan)}}","ports":[{{port}}]}""");
        using var a = await VipHostProcess.StartAsync(plan, Arguments(readyz, null, "127.0.0.1", "192.0.2.10"), ct);
        var announced = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Paths(r) == 1, Wait, ct);
        Assert.True(Paths(announced) == 1, "not announced: " + announced + a.Log);

        // The healthy floor: the proxy unready but vouching for the port, the last announcer keeps the VIP.
        readyz.Set(Unready(port), unavailable: true);
        using var http = new HttpClient();
        var held = await Command.PollAsync(() => HeldAsync(http, a.StatusPort, ct), h => h == 1, Wait, ct);
        Assert.Equal(1, held);
        Assert.Equal(1, Paths(await gobgp.RibAsync("ipv4", ct)));

        // The proxy gone: nothing answers its /readyz, and another process holds the VIP's port (the listener
        // accepts). A bare connect would vouch for it; the proxy's own answer does not, so the VIP leaves.
        readyz.Dispose();
        var gone = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Paths(r) == 0, Wait, ct);
        Assert.True(Paths(gone) == 0, "still announced with only a foreign listener on the port: " + gone + a.Log);
        Assert.Equal(0, await HeldAsync(http, a.StatusPort, ct));
        using var foreign = new TcpClient();
        await foreign.ConnectAsync(IPAddress.Loopback, port, ct); // the foreign listener still accepts
        listener.Stop();
    }

    // A proxy that serves a revision the speaker has not seen: unready for it, the port still bound.
    private static string Unready(int port) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"ready":false,"planHash":"sha256:{{new string('0', 64)}}","ports":[{{port}}]}""");

    private static string[] Arguments(ReadyzServer readyz, int? otherStatus, string local, string nextHop) =>
        ["--ready-url", readyz.Url.ToString(),
         .. otherStatus is { } other ? new[] { "--fleet-status", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{other}/status") } : [],
         "--local-address", local, "--router-id", local == "127.0.0.1" ? "10.0.0.1" : "10.0.0.2", "--next-hop-v4", nextHop];

    private static async Task<int> HeldAsync(HttpClient http, int statusPort, CancellationToken ct)
    {
        var metrics = await http.GetStringAsync(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{statusPort}/metrics"), ct);
        var line = metrics.Split('\n').Single(l => l.StartsWith("gitgateway_vip_floor_hold ", StringComparison.Ordinal));
        return int.Parse(line["gitgateway_vip_floor_hold ".Length..], CultureInfo.InvariantCulture);
    }

    private static int Paths(JsonElement rib) =>
        rib.ValueKind == JsonValueKind.Object && rib.TryGetProperty("10.200.0.100/32", out var paths) ? paths.GetArrayLength() : 0;

    private static string[] NextHops(JsonElement rib) =>
        rib.TryGetProperty("10.200.0.100/32", out var paths)
            ? [.. paths.EnumerateArray().SelectMany(p => p.GetProperty("attrs").EnumerateArray()).Where(a => a.TryGetProperty("nexthop", out _)).Select(a => a.GetProperty("nexthop").GetString()!).Order(StringComparer.Ordinal)]
            : [];
}
