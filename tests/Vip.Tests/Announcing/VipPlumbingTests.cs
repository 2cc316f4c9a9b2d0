using GitGateway.Fixtures;
using GitGateway.Vip.Announcing;
using GitGateway.Vip.Tests.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Vip.Tests.Announcing;

public sealed class VipPlumbingTests
{
    [Fact]
    public async Task Plumbing_InterfaceConfigured_AddsVipAddressAndRemovesItWhenVipLeavesPlan()
    {
        var ct = TestContext.Current.CancellationToken;
        Peer.RequireRoot("add addresses to an interface");
        var name = "ggp" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 3));
        // The kernels here lack the dummy module: a veth pair the test owns stands in for the dummy interface.
        await Command.CheckAsync("ip", ["link", "add", name, "type", "veth", "peer", "name", name + "p"], ct);
        try
        {
            var readiness = new ProxyReadinessSource(ProxyReadiness.AlwaysReady);
            await using var announcer = new VipAnnouncer(new AnnouncerOptions("test-node", VipInterface: name), readiness, TimeProvider.System, NullLoggerFactory.Instance);
            var peer = TestPlans.Peer("127.0.0.1", 64500, Ports.FreeTcp());
            announcer.SetPlan(TestPlans.With(TestPlans.Vip("web", ["198.19.255.100/32"], [peer]), TestPlans.Vip("api", ["198.19.255.101/32"], [peer])));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var run = announcer.RunAsync(stop.Token);

            var both = await Command.PollAsync(() => Command.CheckAsync("ip", ["addr", "show", "dev", name], ct), s => s.Contains("198.19.255.100/32", StringComparison.Ordinal) && s.Contains("198.19.255.101/32", StringComparison.Ordinal), TimeSpan.FromSeconds(5), ct);
            Assert.Contains("198.19.255.100/32", both, StringComparison.Ordinal);
            Assert.Contains("198.19.255.101/32", both, StringComparison.Ordinal);
            announcer.SetPlan(TestPlans.With(TestPlans.Vip("api", ["198.19.255.101/32"], [peer])));
            var one = await Command.PollAsync(() => Command.CheckAsync("ip", ["addr", "show", "dev", name], ct), s => !s.Contains("198.19.255.100/32", StringComparison.Ordinal), TimeSpan.FromSeconds(5), ct);

            Assert.DoesNotContain("198.19.255.100/32", one, StringComparison.Ordinal);
            Assert.Contains("198.19.255.101/32", one, StringComparison.Ordinal);
            await stop.CancelAsync();
            await run;
        }
        finally
        {
            await Command.RunAsync("ip", ["link", "del", name], CancellationToken.None);
        }
    }
}
