using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Policies;

/// <summary>
/// ProxyPolicies by target, and the effective policies of a route entry (CRDS.md, ProxyPolicy): a route
/// policy replaces the gateway policy of its type unless that one is <c>enforced</c>, then both apply, except
/// that a route policy weakening an enforced one (<see cref="PolicyStrength"/>) is dropped with an error.
/// Timeout and Retry fold into the entry: an enforced gateway value, else the rule's own, else the route
/// policy's, else the gateway policy's.
/// </summary>
internal sealed class PolicyIndex
{
    private readonly Dictionary<(string Ns, string Name), List<PolicyObject>> _gateway = [];
    private readonly Dictionary<(string Ns, string Name), List<PolicyObject>> _route = [];
    private readonly HashSet<(string Route, string Gateway)> _reported = [];
    private readonly Dictionary<(string Ns, string Name, string Listener), GatewaySide> _sides = [];
    private readonly DiagnosticBag? _diagnostics;

    /// <summary>No policies.</summary>
    public static PolicyIndex Empty { get; } = new([]);

    /// <summary>Indexes policies whose targets exist (the caller has checked); overrides are reported to <paramref name="diagnostics"/>.</summary>
    public PolicyIndex(IEnumerable<PolicyObject> policies, DiagnosticBag? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        _diagnostics = diagnostics;
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
        var side = GatewaySideOf(gatewayNs, gatewayName, listenerName);
        var gw = side.Policies;
        if (RoutePolicies(route, ruleName) is not { } rt)
        {
            // The route has no policy for this rule: what the gateway's give is the same for every such entry.
            return gw.Count == 0
                ? (default, ruleTimeouts, ruleRetry)
                : (side.Applied, side.EnforcedTimeouts ?? ruleTimeouts ?? side.Timeouts, side.EnforcedRetry ?? ruleRetry ?? side.Retry);
        }

        rt.RemoveAll(r => WeakensEnforced(r, gw));
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
        return (Sorted(applied), timeouts, retry);
    }

    // The route's policies that apply to the rule, or null when none does (most routes: no list made for them).
    private List<PolicyObject>? RoutePolicies(RouteObject route, string? ruleName)
    {
        if (!_route.TryGetValue((route.Namespace, route.Name), out var all))
        {
            return null;
        }

        List<PolicyObject>? result = null;
        foreach (var p in all)
        {
            if ((p.Target.Kind == "ProxyRoute" || p.Target.Kind == route.Kind) && (p.Target.SectionName is null || p.Target.SectionName == ruleName))
            {
                (result ??= []).Add(p);
            }
        }

        return result;
    }

    // The gateway's policies for one listener and what they give an entry alone, built once per listener: every entry
    // of a route without policies of its own gets the same (a 10,000-route repository asked 20,000 times).
    private GatewaySide GatewaySideOf(string gatewayNs, string gatewayName, string listenerName)
    {
        if (_sides.TryGetValue((gatewayNs, gatewayName, listenerName), out var side))
        {
            return side;
        }

        var gw = (_gateway.GetValueOrDefault((gatewayNs, gatewayName)) ?? [])
            .Where(p => p.Target.SectionName is null || p.Target.SectionName == listenerName).ToList();
        var applied = Sorted([.. gw.Select(p => p.Applied with { Origin = PolicyOrigin.Gateway })]);
        side = new GatewaySide(gw, applied,
            gw.Where(p => p.Applied.Enforced).Select(p => p.Timeouts).FirstOrDefault(x => x is not null), gw.Select(p => p.Timeouts).FirstOrDefault(x => x is not null),
            gw.Where(p => p.Applied.Enforced).Select(p => p.Retry).FirstOrDefault(x => x is not null), gw.Select(p => p.Retry).FirstOrDefault(x => x is not null));
        _sides[(gatewayNs, gatewayName, listenerName)] = side;
        return side;
    }

    private static EquatableArray<AppliedPolicy> Sorted(List<AppliedPolicy> applied) =>
        applied.OrderBy(a => a.Type).ThenBy(a => a.Origin).ThenBy(a => a.Id, StringComparer.Ordinal).ToEquatableArray();

    // A gateway policy marked enforced cannot be dropped by a route policy (CRDS.md, ProxyPolicy).
    private bool WeakensEnforced(PolicyObject route, List<PolicyObject> gateway)
    {
        foreach (var g in gateway.Where(g => g.Applied.Enforced && g.Applied.Type == route.Applied.Type))
        {
            if (PolicyStrength.Weakens(route.Applied, g.Applied) is not { } how)
            {
                continue;
            }

            if (_reported.Add((route.Applied.Id, g.Applied.Id)))
            {
                _diagnostics?.Error(DiagnosticCodes.EnforcedPolicyOverride, route.Applied.Source,
                    $"ProxyPolicy {route.Object.Namespace}/{route.Object.Name} tries to weaken the enforced gateway {route.Applied.Type} policy {g.Object.Namespace}/{g.Object.Name} ({how}); a route policy may only tighten an enforced one, so it is ignored and the gateway policy applies");
            }

            return true;
        }

        return false;
    }

    private static T? Pick<T>(IEnumerable<T?> enforced, T? rule, IEnumerable<T?> route, IEnumerable<T?> gateway)
        where T : class =>
        enforced.FirstOrDefault(x => x is not null) ?? rule ?? route.FirstOrDefault(x => x is not null) ?? gateway.FirstOrDefault(x => x is not null);

    // A listener's gateway policies (in index order), their applied forms sorted as an entry lists them, and the first
    // timeouts and retry among the enforced ones and among all.
    private sealed record GatewaySide(
        List<PolicyObject> Policies, EquatableArray<AppliedPolicy> Applied, RouteTimeouts? EnforcedTimeouts, RouteTimeouts? Timeouts, RetryPolicy? EnforcedRetry, RetryPolicy? Retry);
}
