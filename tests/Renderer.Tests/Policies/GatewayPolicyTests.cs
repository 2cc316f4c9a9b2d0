using GitGateway.Plan.Model;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Policies;

/// <summary>
/// The gateway's ProxyPolicies on the entries of routes with and without policies of their own (CRDS.md, ProxyPolicy:
/// a route policy replaces the gateway policy of its type unless that one is enforced; Timeout and Retry fold into the
/// entry as an enforced gateway value, else the rule's own, else the route policy's, else the gateway policy's). Two
/// listeners, one with a Retry policy of its own (sectionName), three routes attached to both: r1 with its rule's own
/// timeouts, r2 with nothing of its own, r3 with a Retry policy.
/// </summary>
public sealed class GatewayPolicyTests
{
    private static readonly RenderResult Result = Files.Render(("a.yaml",
        Yaml.Class + Yaml.Service("svc") + Yaml.Gateway(Yaml.Http() + Yaml.Http("other", 8080))
        + Yaml.Route("r1", Yaml.Parent() + Rule("/a", "    timeouts: {request: 30s}\n"))
        + Yaml.Route("r2", Yaml.Parent() + Rule("/b"))
        + Yaml.Route("r3", Yaml.Parent() + Rule("/c"))
        + Policy("gw-waf", "infra", "Gateway", "gw", "WAF", "waf: {mode: prevention}", enforced: true)
        + Policy("gw-timeout", "infra", "Gateway", "gw", "Timeout", "timeout: {request: 5s}")
        + Policy("gw-retry", "infra", "Gateway", "gw", "Retry", "retry: {attempts: 2}", section: "other")
        + Policy("r3-retry", "app", "HTTPRoute", "r3", "Retry", "retry: {attempts: 4}")));

    [Fact]
    public void Render_RoutesWithoutPoliciesOfTheirOwn_GetTheListenersGatewayPoliciesAndTheirRulesOwnTimeouts()
    {
        Assert.False(Result.HasErrors, string.Join('\n', Result.Diagnostics));
        // Sorted by type (WAF, Timeout, Retry), then origin, then id.
        string[] gateway = ["WAF/Gateway/proxypolicy/infra/gw-waf", "Timeout/Gateway/proxypolicy/infra/gw-timeout"];
        string[] gatewayOther = [.. gateway, "Retry/Gateway/proxypolicy/infra/gw-retry"];
        Assert.Equal(gateway, Policies("http", "r1"));
        Assert.Equal(gateway, Policies("http", "r2"));
        Assert.Equal(gatewayOther, Policies("other", "r1"));
        Assert.Equal(gatewayOther, Policies("other", "r2"));

        // The rule's own timeout wins over a gateway policy that is not enforced; without one, the gateway's applies.
        Assert.Equal(new RouteTimeouts(30_000, null), Entry("http", "r1").Timeouts);
        Assert.Equal(new RouteTimeouts(5_000, null), Entry("http", "r2").Timeouts);
        Assert.Equal(new RouteTimeouts(30_000, null), Entry("other", "r1").Timeouts);
        Assert.Null(Entry("http", "r1").Retry);
        Assert.Equal(2, Entry("other", "r1").Retry!.Attempts);
        Assert.Equal(2, Entry("other", "r2").Retry!.Attempts);
        Assert.Equal(Entry("other", "r1").Policies, Entry("other", "r2").Policies);
    }

    [Fact]
    public void Render_RouteWithARetryPolicy_ReplacesTheListenersRetryAndKeepsTheOtherGatewayPolicies()
    {
        string[] expected = ["WAF/Gateway/proxypolicy/infra/gw-waf", "Timeout/Gateway/proxypolicy/infra/gw-timeout", "Retry/Route/proxypolicy/app/r3-retry"];
        Assert.Equal(expected, Policies("http", "r3"));
        Assert.Equal(expected, Policies("other", "r3"));
        Assert.Equal(4, Entry("http", "r3").Retry!.Attempts);
        Assert.Equal(4, Entry("other", "r3").Retry!.Attempts);
        Assert.Equal(new RouteTimeouts(5_000, null), Entry("other", "r3").Timeouts);
    }

    private static string Rule(string path, string extra = "") =>
        $"  rules:\n  - matches: [{{path: {{type: PathPrefix, value: {path}}}}}]\n{extra}    backendRefs: [{{name: svc, port: 8080}}]\n";

    private static string Policy(string name, string ns, string kind, string target, string type, string body, bool enforced = false, string? section = null) =>
        $"---\napiVersion: gitgateway.dev/v1alpha1\nkind: ProxyPolicy\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  type: {type}\n  enforced: {(enforced ? "true" : "false")}\n"
        + $"  targetRef: {{kind: {kind}, name: {target}{(section is null ? "" : ", sectionName: " + section)}}}\n  {body}\n";

    private static RouteEntry Entry(string listener, string route) =>
        Result.Plan.Listeners.Single(l => l.Name == listener).VirtualHosts.SelectMany(h => h.Routes).Single(e => e.Route.Name == route);

    private static IEnumerable<string> Policies(string listener, string route) =>
        Entry(listener, route).Policies.Select(p => $"{p.Type}/{p.Origin}/{p.Id}");
}
