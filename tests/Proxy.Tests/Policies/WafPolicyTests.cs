using System.Net;
using System.Text;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Routing;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Policies;

/// <summary>The WAF ProxyPolicy through a real node and a real backend.</summary>
public sealed class WafPolicyTests
{
    private const string Attack = "/items?id=1' OR '1'='1";
    private const string PreventRoute = "httproute/infra/prevent/rule/0/match/0";
    private const string DetectRoute = "httproute/infra/detect/rule/0/match/0";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Waf_PreventionAndDetection_BlockOrPassAndCountInMetrics()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        var output = new StringWriter();
        var log = TextWriter.Synchronized(output);
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80], output: log, admin: true);
        await proxy.ApplyAsync(PlanWithBothModes());
        using var client = proxy.Client(80);

        var (blocked, _) = await Requests.GetAsync(client, Attack, "prevent.example");
        var blockedBody = await blocked.Content.ReadAsStringAsync(Token);
        var (benign, benignEcho) = await Requests.GetAsync(client, "/search?q=O'Brien", "prevent.example");
        var (detected, detectedEcho) = await Requests.GetAsync(client, Attack, "detect.example");
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{proxy.Node.AdminPort}") };
        var metrics = await admin.GetStringAsync("/metrics", Token);

        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Contains("web application firewall", blockedBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, benign.StatusCode);
        Assert.Equal("/search?q=O'Brien", benignEcho!.Target);
        Assert.Equal(HttpStatusCode.OK, detected.StatusCode);
        Assert.Equal("/items?id=1'%20OR%20'1'='1", detectedEcho!.Target);
        Assert.Equal(2, backend.Seen.Count); // the blocked request never reached it
        Assert.DoesNotContain(backend.Seen, s => s.Host == "prevent.example" && s.Target.StartsWith("/items", StringComparison.Ordinal));
        Assert.Contains($"gitgateway_waf_matches_total{{route=\"{PreventRoute}\",rule=\"150100\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"gitgateway_waf_matches_total{{route=\"{DetectRoute}\",rule=\"150100\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"gitgateway_waf_blocked_total{{route=\"{PreventRoute}\"}} 1", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain($"gitgateway_waf_blocked_total{{route=\"{DetectRoute}\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains("\"status\":403", await AccessLogLines.FindAsync(output, log, "\"error\":\"waf\""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waf_JsonBodies_BackendReceivesExactBodyAndAttackIsBlocked()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80]);
        await proxy.ApplyAsync(PlanWithBothModes());
        using var client = proxy.Client(80);
        var small = """{"name":"O'Brien","note":"He said \"hi\"; it's fine."}""";
        var large = "{\"items\":[" + string.Join(',', Enumerable.Range(0, 12_000).Select(i => $"\"item-{i}\"")) + "]}";

        var smallEcho = await UploadAsync(client, small);
        var largeEcho = await UploadAsync(client, large);
        var attack = await UploadAsync(client, """{"q":"x' UNION SELECT password FROM users--"}""");

        Assert.Equal((HttpStatusCode.OK, small), smallEcho);
        Assert.True(large.Length > 64 * 1024);
        Assert.Equal((HttpStatusCode.OK, large), largeEcho);
        Assert.Equal(HttpStatusCode.Forbidden, attack.Status);
        Assert.Equal(2, backend.Seen.Count);
    }

    [Fact]
    public void Compile_WafPolicies_EnforcedWithoutWarning()
    {
        var compiler = new RouteTableCompiler(BackendMap.Empty, new TlsMaterialCompiler(new CertificateStore(null)), null, TimeProvider.System);

        var table = compiler.Compile(PlanWithBothModes(), "test");

        Assert.Empty(table.Warnings);
        var hosts = table.Ports[80].Listeners.Single().Hosts;
        var entries = new[] { hosts.Find("prevent.example")!, hosts.Find("detect.example")! }.Select(h => h.Entries.Single()).ToArray();
        Assert.All(entries, e => Assert.NotNull(e.Policies.Waf));
    }

    private static async Task<(HttpStatusCode Status, string Body)> UploadAsync(HttpClient client, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Host = "prevent.example";
        using var response = await client.SendAsync(request, Token);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Token));
    }

    private static RoutingPlan PlanWithBothModes()
    {
        var prevent = Entry("prevent", Prefix("/"), Service("v1")) with { Policies = [Waf("prevent", "prevention")] };
        var detect = Entry("detect", Prefix("/"), Service("v1")) with { Policies = [Waf("detect", "detection")] };
        return Of(Http(80, Host("prevent.example", prevent), Host("detect.example", detect)));
    }

    private static AppliedPolicy Waf(string name, string mode) =>
        new($"proxypolicy/infra/{name}", PolicyType.WAF, PolicyOrigin.Route, false, Mark, Waf: new WafSettings(true, mode, 1, 5));
}
