using System.Diagnostics;
using System.Text.Json;
using GitGateway.Plan.Serialization;
using GitGateway.Vip.Tests.Peers;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>The <c>gitgateway-vip</c> executable against gobgpd, gated by a readiness endpoint.</summary>
public sealed class VipHostTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task VipHost_ReadyzServesPlanRevision_AnnouncesOnlyWhileReadyAndReportsStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct);
        using var readyz = new ReadyzServer();
        var plan = TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer("127.0.0.1", 64500, gobgp.Port)], ports: [80, 443]));
        var hash = PlanJson.Hash(plan);
        using var host = await VipHostProcess.StartAsync(plan, ["--ready-url", readyz.Url.ToString(), "--next-hop-v4", "192.0.2.10", "--withdraw-delay", "0.2"], ct);
        await WaitEstablishedAsync(host, ct);

        // Ready, but serving another revision, or without port 443 bound: nothing is announced.
        readyz.Set($$"""{"ready":true,"planHash":"sha256:{{new string('0', 64)}}","ports":[80,443]}""");
        await Task.Delay(500, ct);
        Assert.Equal(0, Count(await gobgp.RibAsync("ipv4", ct)));
        readyz.Set($$"""{"ready":true,"planHash":"{{hash}}","ports":[80]}""");
        await Task.Delay(500, ct);
        Assert.Equal(0, Count(await gobgp.RibAsync("ipv4", ct)));

        var clock = Stopwatch.StartNew();
        readyz.Set($$"""{"ready":true,"planHash":"{{hash}}","ports":[80,443]}""");
        var announced = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 1, Wait, ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"announce after ready (incl. 50 ms poll + gobgp CLI): {clock.ElapsedMilliseconds} ms");
        Assert.True(Count(announced) == 1, "not announced: " + host.Log);
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{host.StatusPort}/metrics", ct);
        Assert.Contains($"gitgateway_vip_bgp_prefixes_advertised{{peer=\"127.0.0.1:{gobgp.Port}\"}} 1", metrics, StringComparison.Ordinal);

        clock.Restart();
        readyz.Set(null);
        var withdrawn = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 0, Wait, ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"withdraw after not-ready: {clock.ElapsedMilliseconds} ms");
        Assert.Equal(0, Count(withdrawn));
    }

    [Fact]
    public async Task VipHost_Sigterm_WithdrawsBeforeExitingAndKeepsPlanWhenFileBreaks()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct);
        var plan = TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [TestPlans.Peer("127.0.0.1", 64500, gobgp.Port)]));
        using var host = await VipHostProcess.StartAsync(plan, ["--always-ready", "--next-hop-v4", "192.0.2.10", "--withdraw-delay", "3"], ct);
        await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 1, Wait, ct);

        // A broken plan file (the control plane gone bad) withdraws nothing.
        await File.WriteAllTextAsync(host.PlanPath, "{ not json", ct);
        await Task.Delay(300, ct);
        Assert.Equal(1, Count(await gobgp.RibAsync("ipv4", ct)));

        var exit = host.TerminateAsync(TimeSpan.FromSeconds(15), ct);
        var withdrawn = await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 0, TimeSpan.FromSeconds(2.5), ct);
        Assert.Equal(0, Count(withdrawn));
        Assert.False(host.HasExited, "the process must still be waiting out --withdraw-delay when the route is gone");
        var code = await exit;
        Assert.True(code == 0, $"exit {code}: {host.Log}");
    }

    private static async Task WaitEstablishedAsync(VipHostProcess host, CancellationToken ct)
    {
        using var http = new HttpClient();
        var status = await Command.PollAsync(
            async () =>
            {
                try
                {
                    return await http.GetStringAsync($"http://127.0.0.1:{host.StatusPort}/status", ct);
                }
                catch (HttpRequestException)
                {
                    return "";
                }
            },
            s => s.Contains("\"Established\"", StringComparison.Ordinal),
            Wait,
            ct);
        Assert.True(status.Contains("\"Established\"", StringComparison.Ordinal), "never established: " + status + "\n" + host.Log);
    }

    private static int Count(JsonElement rib) => rib.ValueKind == JsonValueKind.Object ? rib.EnumerateObject().Count() : 0;
}
