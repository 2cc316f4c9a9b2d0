using System.Text.Json;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Tests.Conformance;

/// <summary>
/// Evaluates one status expectation of cases.jsonl (README 3.3) against a render. Returns null when it holds,
/// a reason when it fails, or <see cref="NotApplicable"/> for checks a rendered commit cannot carry.
/// </summary>
internal static class StatusExpectationChecker
{
    /// <summary>Returned for observedGeneration checks: Git objects have no metadata.generation to observe.</summary>
    public const string NotApplicable = "n/a";

    /// <summary>Features we declare, as the suite's SupportedFeatures (onlyIf conditions read them).</summary>
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal) { "TLSRouteModeTerminate", "TLSRouteModeMixed" };

    public static bool Applies(JsonElement e) =>
        !e.TryGetProperty("onlyIf", out var only) || only.ValueKind != JsonValueKind.Array || only.EnumerateArray().All(c => Holds(c.GetString()!));

    public static string? Check(JsonElement e, RenderResult r)
    {
        var check = S(e, "check");
        var kind = S(e, "kind")!;
        var name = S(e, "name")!;
        var ns = S(e, "namespace") ?? "";
        return check switch
        {
            "observedGeneration" => NotApplicable,
            "condition" when kind == "GatewayClass" => Condition(r.Status.GatewayClasses.FirstOrDefault(g => g.Name == name)?.Conditions, e),
            "condition" when kind == "Gateway" => GatewayCondition(Gateway(r, ns, name), e),
            "condition" when kind == "BackendTLSPolicy" => PolicyCondition(r.Status.Policies?.FirstOrDefault(p => p.Kind == kind && p.Namespace == ns && p.Name == name), e),
            "condition" when kind == "ListenerSet" => GatewayCondition(ListenerSet(r, ns, name), e),
            "condition" => RouteCondition(Route(r, kind, ns, name), e),
            "listenerStatus" when kind == "ListenerSet" => ListenerStatus(ListenerSet(r, ns, name), e),
            "listenerStatus" => ListenerStatus(Gateway(r, ns, name), e),
            // "status.attachedListenerSets must equal count"; a status without the field reads as 0.
            "attachedListenerSets" => Gateway(r, ns, name) is not { } gw ? "Gateway has no status"
                : (gw.AttachedListenerSets ?? 0) == e.GetProperty("count").GetInt32() ? null : $"attachedListenerSets {gw.AttachedListenerSets ?? 0}, want {e.GetProperty("count").GetInt32()}",
            "zeroRoutes" => Gateway(r, ns, name) is { } g && (g.Listeners.Count == 0 || (g.Listeners.Count == 1 && g.Listeners[0].AttachedRoutes == 0)) ? null : "listeners have routes",
            "noAcceptedParents" => Route(r, kind, ns, name) is not { } rt || rt.Parents.Count == 0
                || (rt.Parents.Count == 1 && rt.Parents[0].Conditions.Any(c => c.Type == "Accepted" && c.Status == "False")) ? null : "route has accepted parents",
            "address" => Gateway(r, ns, name) is { Addresses.Count: > 0 } ? null : "no status address",
            "namespaceGatewaysReady" => Ready(r, name, e),
            _ => $"unknown check {check}",
        };
    }

    private static bool Holds(string condition)
    {
        var negate = condition.StartsWith('!');
        var feature = condition.TrimStart('!').Replace("SupportedFeatures.Has(", "", StringComparison.Ordinal).TrimEnd(')');
        return Supported.Contains(feature) != negate;
    }

    private static string? S(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static GatewayStatus? Gateway(RenderResult r, string ns, string name) => r.Status.Gateways.FirstOrDefault(g => g.Namespace == ns && g.Name == name);

    // A ListenerSet's status has the Gateway's shape (conditions and per-listener status); its own record adds the kind.
    private static GatewayStatus? ListenerSet(RenderResult r, string ns, string name) =>
        r.Status.ListenerSets.FirstOrDefault(s => s.Namespace == ns && s.Name == name) is { } s ? new GatewayStatus(s.Namespace, s.Name, s.Conditions, s.Listeners) : null;

    private static RouteStatus? Route(RenderResult r, string kind, string ns, string name) => r.Status.Routes.FirstOrDefault(x => x.Kind == kind && x.Namespace == ns && x.Name == name);

    private static string? Condition(IReadOnlyList<Condition>? conditions, JsonElement e)
    {
        if (conditions is null)
        {
            return "object has no status";
        }

        var type = S(e, "conditionType");
        var status = S(e, "status");
        var reason = S(e, "reason");
        var c = conditions.FirstOrDefault(x => x.Type == type);
        if (c is null)
        {
            return $"no {type} condition";
        }

        return (status is null || c.Status == status) && (reason is null || c.Reason == reason) ? null : $"{type} is {c.Status}/{c.Reason} ({c.Message}), want {status ?? "*"}/{reason ?? "*"}";
    }

    private static string? GatewayCondition(GatewayStatus? g, JsonElement e)
    {
        if (g is null)
        {
            return "no status";
        }

        var listener = S(e, "listener");
        if (listener is null)
        {
            return Condition(g.Conditions, e);
        }

        var targets = listener == "*" ? g.Listeners : g.Listeners.Where(l => l.Name == listener).ToList();
        if (targets.Count == 0)
        {
            return $"no listener {listener}";
        }

        return targets.Select(l => Condition(l.Conditions, e) is { } p ? $"listener {l.Name}: {p}" : null).FirstOrDefault(p => p is not null);
    }

    private static string? RouteCondition(RouteStatus? route, JsonElement e)
    {
        if (route is null)
        {
            return "route has no status";
        }

        var parent = e.GetProperty("parent");
        var parents = route.Parents.Where(p => p.ParentRef.Name == S(parent, "name") && p.ParentRef.Namespace == (S(parent, "namespace") ?? route.Namespace)).ToList();
        if (parents.Count == 0)
        {
            return "no status for that parent";
        }

        var problems = parents.Select(p => Condition(p.Conditions, e)).ToList();
        return problems.Any(p => p is null) ? null : problems[0];
    }

    private static string? PolicyCondition(PolicyStatus? policy, JsonElement e)
    {
        if (policy is null)
        {
            return "policy has no status";
        }

        var ancestor = e.GetProperty("ancestor");
        var status = policy.Ancestors.FirstOrDefault(a => a.AncestorRef.Name == S(ancestor, "name") && a.AncestorRef.Namespace == (S(ancestor, "namespace") ?? policy.Namespace));
        return status is null ? $"no status for ancestor {S(ancestor, "name")}" : Condition(status.Conditions, e);
    }

    private static string? ListenerStatus(GatewayStatus? g, JsonElement e)
    {
        if (g is null)
        {
            return "Gateway has no status";
        }

        if (g.Listeners.Count != e.GetProperty("listenerCount").GetInt32())
        {
            return $"{g.Listeners.Count} listeners, want {e.GetProperty("listenerCount").GetInt32()}";
        }

        var l = g.Listeners.FirstOrDefault(x => x.Name == S(e, "listener"));
        if (l is null)
        {
            return "no such listener";
        }

        var want = e.GetProperty("supportedKinds").EnumerateArray().Select(k => (S(k, "group") ?? "gateway.networking.k8s.io", S(k, "kind")!)).ToList();
        var attached = e.GetProperty("attachedRoutes").GetInt32();
        if (l.AttachedRoutes != attached)
        {
            return $"attachedRoutes {l.AttachedRoutes}, want {attached}";
        }

        var missing = want.Where(k => !l.SupportedKinds.Any(s => s.Group == k.Item1 && s.Kind == k.Item2)).ToList();
        return missing.Count > 0 || (want.Count == 0 && l.SupportedKinds.Count > 0)
            ? $"supportedKinds [{string.Join(", ", l.SupportedKinds.Select(k => k.Kind))}], want [{string.Join(", ", want.Select(k => k.Item2))}]"
            : null;
    }

    private static string? Ready(RenderResult r, string ns, JsonElement e)
    {
        foreach (var name in e.GetProperty("gateways").EnumerateArray().Select(x => x.GetString()!))
        {
            var g = Gateway(r, ns, name);
            if (g is null || !g.Conditions.Any(c => c.Type == "Accepted" && c.Status == "True") || !g.Conditions.Any(c => c.Type == "Programmed" && c.Status == "True"))
            {
                return $"Gateway {name} is not Accepted and Programmed";
            }
        }

        return null;
    }
}
