using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>
/// Attaches ListenerSets to the Gateways of ours they name (https://gateway-api.sigs.k8s.io/api-types/listenerset/):
/// the Gateway's <c>allowedListeners</c> decides whether a set may attach ("By default, Gateways do not allow
/// ListenerSet attachment"); an attached set's listeners merge after the Gateway's own, sets in precedence order.
/// Sets are ordered by creation time as the spec says, the oldest first (<see cref="ObjectAges"/>, from Git history
/// when the caller has it), then by <c>{namespace}/{name}</c>, as routes are.
/// </summary>
internal static class ListenerSetBinder
{
    /// <summary>Binds every set whose parentRef names a Gateway of ours; returns them in precedence order.</summary>
    public static List<BoundListenerSet> Bind(
        IReadOnlyList<ListenerSetObject> sets,
        IReadOnlyDictionary<(string Ns, string Name), BoundGateway> ours,
        IReadOnlySet<(string Ns, string Name)> allGateways,
        BindingIndex index,
        DiagnosticBag diagnostics,
        ObjectAges? ages = null)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var placed = new Dictionary<BoundGateway, List<BoundListener>>();
        var result = new List<BoundListenerSet>();
        foreach (var set in sets.OrderBy(s => ages?.RankOf(s.Object.Kind, s.Namespace, s.Name) ?? 0).ThenBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Object.Kind, StringComparer.Ordinal))
        {
            if (Parent(set, ours, allGateways, diagnostics) is not { } gw)
            {
                continue;
            }

            if (!placed.TryGetValue(gw, out var list))
            {
                placed[gw] = list = [.. gw.Listeners.Where(l => l.Accepted)];
            }

            var bound = new BoundListenerSet(set, gw);
            Attach(bound, list, index);
            if (bound.Accepted)
            {
                gw.AttachedListenerSets++;
            }

            result.Add(bound);
        }

        return result;
    }

    private static BoundGateway? Parent(ListenerSetObject set, IReadOnlyDictionary<(string Ns, string Name), BoundGateway> ours, IReadOnlySet<(string Ns, string Name)> allGateways, DiagnosticBag diagnostics)
    {
        if (set.ParentRef is not { } p)
        {
            return null;
        }

        var key = (p.NamespaceOr(set.Namespace), p.Name);
        if (p.Group != KnownKinds.GatewayGroup || p.Kind != "Gateway")
        {
            diagnostics.Warning("NoMatchingParent", p.Mark, $"{set.Object.Kind} {set.Namespace}/{set.Name}: parentRef {p.Group}/{p.Kind} is not a Gateway; a ListenerSet attaches to a gateway.networking.k8s.io Gateway");
            return null;
        }

        if (!allGateways.Contains(key))
        {
            diagnostics.Warning("NoMatchingParent", p.Mark, $"{set.Object.Kind} {set.Namespace}/{set.Name} names Gateway {key.Item1}/{key.Item2}, which the input does not define: check the name and namespace");
        }

        return ours.GetValueOrDefault(key);
    }

    private static void Attach(BoundListenerSet bound, List<BoundListener> placed, BindingIndex index)
    {
        var gw = bound.Gateway;
        var set = bound.Set;
        if (!Allowed(gw.Gateway, set.Namespace, index))
        {
            var why = $"Gateway {gw.Gateway.Namespace}/{gw.Gateway.Name} does not allow ListenerSets from namespace {set.Namespace} (its spec.allowedListeners.namespaces.from is {gw.Gateway.AllowedListeners.From})";
            bound.Conditions.Add(Conditions.False("Accepted", "NotAllowed", why));
            bound.Conditions.Add(Conditions.False("Programmed", "NotAllowed", why));
            return;
        }

        if (!gw.Accepted)
        {
            var why = $"the parent Gateway {gw.Gateway.Namespace}/{gw.Gateway.Name} is not Accepted, so it serves no listeners";
            bound.Conditions.Add(Conditions.False("Accepted", "ParentNotAccepted", why));
            bound.Conditions.Add(Conditions.False("Programmed", "ParentNotAccepted", why));
            return;
        }

        bound.Listeners.AddRange(ListenerBinder.BindSet(gw.Gateway, set, placed, index));
        var served = bound.Listeners.Count(l => l.Programmed);
        if (served == 0)
        {
            var why = bound.Listeners.Count == 0 ? "the ListenerSet has no listener that could be read" : "no listener of the ListenerSet is valid (see the listener conditions)";
            bound.Conditions.Add(Conditions.False("Accepted", "ListenersNotValid", why));
            bound.Conditions.Add(Conditions.False("Programmed", "ListenersNotValid", why));
            return;
        }

        bound.Accepted = true;
        bound.Conditions.Add(served == bound.Listeners.Count
            ? Conditions.True("Accepted", "Accepted", $"attached to Gateway {gw.Gateway.Namespace}/{gw.Gateway.Name}")
            : Conditions.True("Accepted", "ListenersNotValid", $"attached to Gateway {gw.Gateway.Namespace}/{gw.Gateway.Name}; some listeners cannot be served and are left out (see the listener conditions)"));
        bound.Conditions.Add(Conditions.True("Programmed", "Programmed", "the served listeners are in the plan"));
    }

    // Gateway spec.allowedListeners.namespaces.from: "Same: Only ListenerSets in the same namespace may be attached to
    // this Gateway. Selector: ListenerSets in namespaces selected by the selector may be attached to this Gateway.
    // All: ListenerSets in all namespaces may be attached to this Gateway. None: Only listeners defined in the
    // Gateway's spec are allowed."
    private static bool Allowed(GatewayObject gw, string setNamespace, BindingIndex index) => gw.AllowedListeners.From switch
    {
        "All" => true,
        "Same" => setNamespace == gw.Namespace,
        "Selector" => gw.AllowedListeners.Selector?.Matches(index.NamespaceLabels(setNamespace)) ?? false,
        _ => false,
    };
}
