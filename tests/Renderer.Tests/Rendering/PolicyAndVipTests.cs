using GitGateway.Plan.Model;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Rendering;

public sealed class PolicyAndVipTests
{
    private const string RouteRule = "  rules:\n  - backendRefs: [{name: svc, port: 8080}]\n";

    [Fact]
    public void Render_RoutePolicyOfSameType_ReplacesGatewayPolicyUnlessEnforced()
    {
        var docs = Policy("gw-rl", "infra", "Gateway", "gw", "RateLimit", "rateLimit: {requestsPerSecond: 100}")
            + Policy("gw-waf", "infra", "Gateway", "gw", "WAF", "waf: {mode: prevention}", enforced: true)
            + Policy("r-rl", "app", "HTTPRoute", "r", "RateLimit", "rateLimit: {requestsPerSecond: 5}")
            + Policy("r-waf", "app", "HTTPRoute", "r", "WAF", "waf: {mode: prevention, paranoiaLevel: 3}");
        var entry = Entry(docs);
        Assert.Equal(
            ["RateLimit/Route/proxypolicy/app/r-rl", "WAF/Gateway/proxypolicy/infra/gw-waf", "WAF/Route/proxypolicy/app/r-waf"],
            entry.Policies.Select(p => $"{p.Type}/{p.Origin}/{p.Id}"));
        Assert.Equal(5, entry.Policies[0].RateLimit!.RequestsPerSecond);
    }

    [Theory]
    [InlineData("waf: {enabled: false}", "disables")]
    [InlineData("waf: {mode: detection}", "mode detection")]
    [InlineData("waf: {mode: prevention, anomalyThreshold: 50}", "anomalyThreshold")]
    public void Render_RoutePolicyWeakeningEnforcedWaf_IsErrorAndOnlyGatewayPolicyApplies(string body, string how)
    {
        var docs = Policy("gw-waf", "infra", "Gateway", "gw", "WAF", "waf: {mode: prevention}", enforced: true)
            + Policy("r-waf", "app", "HTTPRoute", "r", "WAF", body);
        var result = Render(docs);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("EnforcedPolicyOverride", d.Code);
        Assert.Contains(how, d.Message, StringComparison.Ordinal);
        var entry = result.Plan.Listeners[0].VirtualHosts[0].Routes[0];
        Assert.Equal(["proxypolicy/infra/gw-waf"], entry.Policies.Select(p => p.Id));
    }

    [Fact]
    public void Render_TimeoutAndRetryPolicies_FoldIntoEntry()
    {
        var docs = Policy("t", "app", "HTTPRoute", "r", "Timeout", "timeout: {request: 30s, backendRequest: 5s}")
            + Policy("rt", "infra", "Gateway", "gw", "Retry", "retry: {attempts: 2, retryOn: [connect-failure, \"503\"], backoff: 50ms}");
        var entry = Entry(docs);
        Assert.Equal(new RouteTimeouts(30_000, 5_000), entry.Timeouts);
        Assert.Equal(new RetryPolicy(2, [503], true, 50, null), entry.Retry);
        Assert.Equal([PolicyType.Timeout, PolicyType.Retry], entry.Policies.Select(p => p.Type));
    }

    [Theory]
    [InlineData("[\"504\", \"429\", gateway-error, \"400\", \"599\", \"503\"]", new[] { 400, 429, 502, 503, 504, 599 })]
    [InlineData("[\"599\", 5xx, \"429\", \"500\", gateway-error]", null)]
    public void Render_RetryOnCodes_AreListedOnceInAscendingOrder(string retryOn, int[]? expected)
    {
        var docs = Policy("rt", "infra", "Gateway", "gw", "Retry", $"retry: {{attempts: 2, retryOn: {retryOn}}}");
        var codes = Entry(docs).Retry!.Codes;
        Assert.Equal(expected ?? [429, .. Enumerable.Range(500, 100)], codes);
    }

    [Fact]
    public void Render_PolicyWithMissingTarget_IsDiagnostic()
    {
        var result = Render(Policy("p", "app", "HTTPRoute", "nope", "CORS", "cors: {allowOrigins: [\"*\"]}"));
        Assert.Contains(result.Diagnostics, d => d.Code == "PolicyTargetNotFound");
    }

    [Fact]
    public void Render_PolicyTargetingOtherNamespace_NotOwner()
    {
        var docs = Policy("p", "other", "HTTPRoute", "r", "CORS", "cors: {allowOrigins: [\"*\"]}").Replace("name: r}", "name: r, namespace: app}", StringComparison.Ordinal);
        var result = Render(docs);
        Assert.Contains(result.Diagnostics, d => d.Code == "NotOwner");
        Assert.Empty(result.Plan.Listeners[0].VirtualHosts[0].Routes[0].Policies);
    }

    [Fact]
    public void Render_NovaEdgeAliases_AreAccepted()
    {
        var docs = Policy("p", "app", "ProxyRoute", "r", "IPFilter", "ipFilter: {allow: [10.0.0.0/8]}").Replace("gitgateway.dev/v1alpha1", "novaedge.io/v1alpha1", StringComparison.Ordinal);
        var entry = Entry(docs);
        Assert.Equal("10.0.0.0/8", Assert.Single(entry.Policies).IpFilter!.Allow[0]);
    }

    [Fact]
    public void Render_GatewayWithVipAnnotation_VipListsGateway()
    {
        var result = Render(Vip("v", "10.200.0.1/32", "[80]"), gatewayExtra: "  # vip\n", annotation: "gitgateway.dev/vip-ref: v");
        var vip = Assert.Single(result.Plan.Vips);
        Assert.Equal(["Gateway/infra/gw"], vip.Gateways.Select(g => g.ToString()));
        Assert.Equal(64501u, vip.Bgp!.LocalAs);
        Assert.Contains(result.Status.Gateways[0].Addresses!, a => a.Value == "10.200.0.1");
    }

    [Fact]
    public void Render_VipMissingListenerPort_VipPortNotCovered()
    {
        var result = Render(Vip("v", "10.200.0.1/32", "[443]"), annotation: "novaedge.io/vip-ref: v");
        Assert.Contains(result.Diagnostics, d => d.Code == "VipPortNotCovered");
    }

    [Fact]
    public void Render_OverlappingVips_VipOverlap()
    {
        var result = Render(Vip("a", "10.200.0.1/32", "[80]") + Vip("b", "10.200.0.1", "[80]"));
        Assert.Contains(result.Diagnostics, d => d.Code == "VipOverlap");
        Assert.Single(result.Plan.Vips);
    }

    [Theory]
    [InlineData("peers: [{address: 10.0.0.254}]", "no 'as'")]
    [InlineData("peers: [{address: 10.0.0.254, as: 4294967296}]", "between 1 and 4294967295")]
    [InlineData("routerID: 10.0.0", "routerID")]
    public void Render_BadBgpSettings_AreDiagnostics(string bgp, string message)
    {
        var vip = Vip("v", "10.200.0.1/32", "[80]").Replace("routerID: 10.0.0.1", bgp.StartsWith("routerID", StringComparison.Ordinal) ? bgp : "routerID: 10.0.0.1\n    " + bgp, StringComparison.Ordinal);
        var result = Render(vip);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal));
        Assert.Empty(result.Plan.Vips);
    }

    private static string Policy(string name, string ns, string kind, string target, string type, string body, bool enforced = false) =>
        $"---\napiVersion: gitgateway.dev/v1alpha1\nkind: ProxyPolicy\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  type: {type}\n  enforced: {(enforced ? "true" : "false")}\n  targetRef: {{kind: {kind}, name: {target}}}\n  {body}\n";

    private static string Vip(string name, string address, string ports) =>
        $"---\napiVersion: gitgateway.dev/v1alpha1\nkind: ProxyVIP\nmetadata: {{name: {name}}}\nspec:\n  address: \"{address}\"\n  ports: {ports}\n  bgpConfig:\n    localAS: 64501\n    routerID: 10.0.0.1\n"
        + $"---\napiVersion: gitgateway.dev/v1alpha1\nkind: ProxyVIPPool\nmetadata: {{name: pool-{name}}}\nspec:\n  cidrs: [10.200.0.0/24]\n";

    private static RenderResult Render(string docs, string gatewayExtra = "", string? annotation = null)
    {
        var gw = Yaml.Gateway(Yaml.Http(), extra: gatewayExtra);
        if (annotation is not null)
        {
            gw = gw.Replace("namespace: infra}", $"namespace: infra, annotations: {{{annotation}}}}}", StringComparison.Ordinal);
        }

        return Files.Render(("a.yaml", Yaml.Class + Yaml.Service("svc") + gw + Yaml.Route("r", Yaml.Parent() + RouteRule) + docs));
    }

    private static RouteEntry Entry(string docs)
    {
        var result = Render(docs);
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        return result.Plan.Listeners[0].VirtualHosts[0].Routes[0];
    }
}
