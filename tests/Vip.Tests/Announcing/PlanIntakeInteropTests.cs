using System.Text;
using System.Text.Json;
using GitGateway.Plan.Serialization;
using GitGateway.Vip.Tests.Peers;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>Strict plan intake of <c>gitgateway-vip</c>, observed at gobgpd: what is no plan withdraws nothing.</summary>
public sealed class PlanIntakeInteropTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task VipHost_EmptyObjectRenderDocumentOrPlanBelowFloor_RefusedWithReasonAndVipsKept()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gobgp = await GobgpPeer.StartAsync(64500, 64501, "127.0.0.1", ct);
        var peer = TestPlans.Peer("127.0.0.1", 64500, gobgp.Port);
        var good = TestPlans.With(TestPlans.Vip("web", ["10.200.0.100/32"], [peer]), TestPlans.Vip("api", ["10.200.0.101/32"], [peer]));
        using var host = await VipHostProcess.StartAsync(good, ["--always-ready", "--next-hop-v4", "192.0.2.10", "--min-vips", "2"], ct);
        await Command.PollAsync(() => gobgp.RibAsync("ipv4", ct), r => Count(r) == 2, Wait, ct);
        var renderDocument = "{\"plan\":" + Encoding.UTF8.GetString(PlanJson.ToCanonicalBytes(good)) + ",\"status\":{\"gatewayClasses\":[],\"gateways\":[],\"routes\":[]},\"diagnostics\":[]}";
        (string Content, string Reason)[] cases =
        [
            ("{}", "schemaVersion is ''"),
            (renderDocument, "a render document?"),
            (Encoding.UTF8.GetString(PlanJson.ToCanonicalBytes(TestPlans.With(TestPlans.Vip("api", ["10.200.0.101/32"], [peer])))), "below the floor of 2"),
            ("[]", "not a plan"),
        ];

        foreach (var (content, reason) in cases)
        {
            await File.WriteAllTextAsync(host.PlanPath, content, ct);
            var log = await Command.PollAsync(() => Task.FromResult(host.Log), l => l.Contains(reason, StringComparison.Ordinal), Wait, ct);
            Assert.Contains(reason, log, StringComparison.Ordinal);
        }

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{host.StatusPort}/metrics", ct);
        // At least the four files (a file caught half-written by the poll is refused too).
        var refused = System.Text.RegularExpressions.Regex.Match(metrics, "^gitgateway_vip_plans_refused_total ([0-9]+)$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(refused.Success && int.Parse(refused.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 4, metrics);
        var rib = await gobgp.RibAsync("ipv4", ct);
        Assert.Equal(["10.200.0.100/32", "10.200.0.101/32"], rib.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private static int Count(JsonElement rib) => rib.ValueKind == JsonValueKind.Object ? rib.EnumerateObject().Count() : 0;
}
