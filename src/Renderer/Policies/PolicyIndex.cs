using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Policies;

/// <summary>
/// ProxyPolicies by target, and the effective policies of a route entry (CRDS.md, ProxyPolicy): a route
/// policy replaces the gateway policy of its type unless that one is <c>enforced</c>, then both apply.
/// Timeout and Retry fold into the entry: an enforced gateway value, else the rule's own, else the route
/// policy's, else the gateway policy's.
/// </summary>
internal sealed class PolicyIndex
{
    private readonly Dictionary<(string Ns, string Name), List<PolicyObject>> _gateway = [];
    private readonly Dictionary<(string Ns, string Name), List<PolicyObject>> _route = [];

    /// <summary>No policies.</summary>
    public static PolicyIndex Empty { get; } = new([]);

    /// <summary>Indexes policies whose targets exist (the caller has checked).</summary>
    public PolicyIndex(IEnumerable<PolicyObject> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        foreach (var p in policies)
        {
            var map = p.TargetsGateway ? _gateway : _route;
            var key = (p.Object.Namespace!, p.Target.Name);
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }

            list.Add(p);
        }
    }

    /// <summary>The effective policies and folded timeouts/retry of one entry.</summary>
    public (EquatableArray<AppliedPolicy> Policies, RouteTimeouts? Timeouts, RetryPolicy? Retry) Effective(
        RouteObject route, string? ruleName, string gatewayNs, string gatewayName, string listenerName, RouteTimeouts? ruleTimeouts, RetryPolicy? ruleRetry)
    {
        ArgumentNullException.ThrowIfNull(route);
        var gw = (_gateway.GetValueOrDefault((gatewayNs, gatewayName)) ?? [])
            .Where(p => p.Target.SectionName is null || p.Target.SectionName == listenerName).ToList();
        var rt = (_route.GetValueOrDefault((route.Namespace, route.Name)) ?? [])
            .Where(p => (p.Target.Kind == "ProxyRoute" || p.Target.Kind == route.Kind) && (p.Target.SectionName is null || p.Target.SectionName == ruleName)).ToList();
        if (gw.Count == 0 && rt.Count == 0)
        {
            return (default, ruleTimeouts, ruleRetry);
        }

        var applied = new List<AppliedPolicy>();
        foreach (var p in rt)
        {
            applied.Add(p.Applied with { Origin = PolicyOrigin.Route });
        }

        foreach (var p in gw.Where(p => p.Applied.Enforced || rt.All(r => r.Applied.Type != p.Applied.Type)))
        {
            applied.Add(p.Applied with { Origin = PolicyOrigin.Gateway });
        }

        var timeouts = Pick(gw.Where(p => p.Applied.Enforced).Select(p => p.Timeouts), ruleTimeouts, rt.Select(p => p.Timeouts), gw.Select(p => p.Timeouts));
        var retry = Pick(gw.Where(p => p.Applied.Enforced).Select(p => p.Retry), ruleRetry, rt.Select(p => p.Retry), gw.Select(p => p.Retry));
        var sorted = applied.OrderBy(a => a.Type).ThenBy(a => a.Origin).ThenBy(a => a.Id, StringComparer.Ordinal).ToEquatableArray();
        return (sorted, timeouts, retry);
    }

    private static T? Pick<T>(IEnumerable<T?> enforced, T? rule, IEnumerable<T?> route, IEnumerable<T?> gateway)
        where T : class =>
        enforced.FirstOrDefault(x => x is not null) ?? rule ?? route.FirstOrDefault(x => x is not null) ?? gateway.FirstOrDefault(x => x is not null);
}
