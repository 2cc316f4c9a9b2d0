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
    // Keyed by namespace, then name (then listener): a dictionary or set over a tuple key is framework code over a value
    // type, which the ReadyToRun images do not carry, compiled at first call in every process.
    private readonly Dictionary<string, Dictionary<string, List<PolicyObject>>> _gateway = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, List<PolicyObject>>> _route = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _reported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, GatewaySide>>> _sides = new(StringComparer.Ordinal);
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
            var byName = Inner(p.TargetsGateway ? _gateway : _route, p.Object.Namespace!);
            if (!byName.TryGetValue(p.Target.Name, out var list))
            {
                byName[p.Target.Name] = list = [];
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
        if (Find(_route, route.Namespace, route.Name) is not { } all)
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
        var listeners = Inner(Inner(_sides, gatewayNs), gatewayName);
        if (listeners.TryGetValue(listenerName, out var side))
        {
            return side;
        }

        var gw = (Find(_gateway, gatewayNs, gatewayName) ?? [])
            .Where(p => p.Target.SectionName is null || p.Target.SectionName == listenerName).ToList();
        var applied = Sorted([.. gw.Select(p => p.Applied with { Origin = PolicyOrigin.Gateway })]);
        side = new GatewaySide(gw, applied,
            gw.Where(p => p.Applied.Enforced).Select(p => p.Timeouts).FirstOrDefault(x => x is not null), gw.Select(p => p.Timeouts).FirstOrDefault(x => x is not null),
            gw.Where(p => p.Applied.Enforced).Select(p => p.Retry).FirstOrDefault(x => x is not null), gw.Select(p => p.Retry).FirstOrDefault(x => x is not null));
        listeners[listenerName] = side;
        return side;
    }

    // By type, origin and id; stable, as OrderBy is (one comparer: OrderBy over an enum key is framework code over a value type).
    private static EquatableArray<AppliedPolicy> Sorted(List<AppliedPolicy> applied) =>
        applied.Order(AppliedOrder.Instance).ToEquatableArray();

    // The value of a inner map, made when first asked for.
    private static Dictionary<string, T> Inner<T>(Dictionary<string, Dictionary<string, T>> map, string key)
    {
        if (!map.TryGetValue(key, out var inner))
        {
            map[key] = inner = new Dictionary<string, T>(StringComparer.Ordinal);
        }

        return inner;
    }

    private static T? Find<T>(Dictionary<string, Dictionary<string, T>> map, string outer, string key)
        where T : class =>
        map.TryGetValue(outer, out var inner) && inner.TryGetValue(key, out var value) ? value : null;

    // A gateway policy marked enforced cannot be dropped by a route policy (CRDS.md, ProxyPolicy).
    private bool WeakensEnforced(PolicyObject route, List<PolicyObject> gateway)
    {
        foreach (var g in gateway.Where(g => g.Applied.Enforced && g.Applied.Type == route.Applied.Type))
        {
            if (PolicyStrength.Weakens(route.Applied, g.Applied) is not { } how)
            {
                continue;
            }

            if (Reported(route.Applied.Id, g.Applied.Id))
            {
                _diagnostics?.Error(DiagnosticCodes.EnforcedPolicyOverride, route.Applied.Source,
                    $"ProxyPolicy {route.Object.Namespace}/{route.Object.Name} tries to weaken the enforced gateway {route.Applied.Type} policy {g.Object.Namespace}/{g.Object.Name} ({how}); a route policy may only tighten an enforced one, so it is ignored and the gateway policy applies");
            }

            return true;
        }

        return false;
    }

    // True the first time the route policy is found weakening the gateway policy.
    private bool Reported(string route, string gateway)
    {
        if (!_reported.TryGetValue(route, out var gateways))
        {
            _reported[route] = gateways = new HashSet<string>(StringComparer.Ordinal);
        }

        return gateways.Add(gateway);
    }

    private static T? Pick<T>(IEnumerable<T?> enforced, T? rule, IEnumerable<T?> route, IEnumerable<T?> gateway)
        where T : class =>
        enforced.FirstOrDefault(x => x is not null) ?? rule ?? route.FirstOrDefault(x => x is not null) ?? gateway.FirstOrDefault(x => x is not null);

    private sealed class AppliedOrder : IComparer<AppliedPolicy>
    {
        public static readonly AppliedOrder Instance = new();

        public int Compare(AppliedPolicy? x, AppliedPolicy? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : -1) : 1;
            }

            var c = ((int)x.Type).CompareTo((int)y.Type);
            if (c == 0)
            {
                c = ((int)x.Origin).CompareTo((int)y.Origin);
            }

            return c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
        }
    }

    // A listener's gateway policies (in index order), their applied forms sorted as an entry lists them, and the first
    // timeouts and retry among the enforced ones and among all.
    private sealed record GatewaySide(
        List<PolicyObject> Policies, EquatableArray<AppliedPolicy> Applied, RouteTimeouts? EnforcedTimeouts, RouteTimeouts? Timeouts, RetryPolicy? EnforcedRetry, RetryPolicy? Retry);
}
