using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>
/// Attaches routes to listeners by parentRef (name, namespace, sectionName, port), allowedRoutes (namespaces
/// and kinds) and hostname intersection, producing the per-parent Accepted and ResolvedRefs conditions
/// (https://gateway-api.sigs.k8s.io/reference/spec/#routeconditionreason). A parentRef to a Gateway selects only the
/// Gateway's own listeners; one to a ListenerSet selects only that set's ("Routes can attach to a ListenerSet by
/// specifying it as a parentRef, and can optionally target specific listeners using the sectionName field").
/// </summary>
internal sealed class RouteBinder(
    IReadOnlyDictionary<(string Ns, string Name), BoundGateway> ours,
    IReadOnlySet<(string Ns, string Name)> allGateways,
    IReadOnlyDictionary<(string Kind, string Ns, string Name), BoundListenerSet> listenerSets,
    BindingIndex index,
    string controllerName,
    DiagnosticBag diagnostics)
{
    private readonly Dictionary<BoundListener, HashSet<string>> _attachedTo = [];
    private DiagnosticBag _diagnostics = null!; // the bag of the route being bound
    private List<string>? _counted;

    /// <summary>Binds one route; returns null when none of its parents is a Gateway of ours.</summary>
    public BoundRoute? Bind(RouteObject route) => BindInto(route, diagnostics);

    /// <summary>
    /// Binds one route as <see cref="Bind"/> does and says how, in <paramref name="memo"/>, for a later render to replay
    /// with <see cref="Replay"/>.
    /// </summary>
    public BoundRoute? Bind(RouteObject route, out RouteMemo memo)
    {
        var own = new DiagnosticBag();
        _counted = [];
        try
        {
            var bound = BindInto(route, own);
            diagnostics.AddRange(own);
            memo = new RouteMemo(bound?.Rules, bound is null ? [] : [.. bound.Parents],
                bound is null ? [] : [.. bound.Attachments.Select(a => (a.Listener.Id, a.Hostnames))], _counted, own);
            return bound;
        }
        finally
        {
            _counted = null;
        }
    }

    /// <summary>
    /// The binding <paramref name="memo"/> recorded for <paramref name="route"/>, on this render's listeners (by id):
    /// the same parent statuses, attachments, attached-route counts and diagnostics.
    /// </summary>
    public BoundRoute? Replay(RouteObject route, RouteMemo memo, IReadOnlyDictionary<string, BoundListener> listeners)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(memo);
        ArgumentNullException.ThrowIfNull(listeners);
        diagnostics.AddRange(memo.Diagnostics);
        foreach (var id in memo.Counted)
        {
            Count(listeners[id], route);
        }

        if (memo.Rules is null)
        {
            return null;
        }

        var bound = new BoundRoute(route, memo.Rules);
        bound.Parents.AddRange(memo.Parents);
        bound.Attachments.AddRange(memo.Attachments.Select(a => new Attachment(listeners[a.Listener], bound, a.Hostnames)));
        return bound;
    }

    private BoundRoute? BindInto(RouteObject route, DiagnosticBag into)
    {
        ArgumentNullException.ThrowIfNull(route);
        _diagnostics = into;
        var mine = new List<RefSpec>(route.ParentRefs.Count);
        foreach (var p in route.ParentRefs)
        {
            if ((IsGatewayRef(p) && ours.ContainsKey((p.NamespaceOr(route.Namespace), p.Name))) || SetOf(p, route) is not null)
            {
                mine.Add(p);
            }
        }

        foreach (var p in route.ParentRefs)
        {
            if (IsGatewayRef(p) && !allGateways.Contains((p.NamespaceOr(route.Namespace), p.Name)))
            {
                _diagnostics.Warning("NoMatchingParent", p.Mark, $"parentRef names Gateway {p.NamespaceOr(route.Namespace)}/{p.Name}, which the input does not define: check the name and namespace");
            }
        }

        if (mine.Count == 0)
        {
            return null;
        }

        var (rules, refsProblem) = new BackendResolver(index, into).Resolve(route);
        var bound = new BoundRoute(route, rules);
        var resolved = refsProblem ?? Conditions.RouteResolved;
        foreach (var p in mine)
        {
            var accepted = route.Problem is { } problem
                ? Conditions.False("Accepted", "UnsupportedValue", problem)
                : SetOf(p, route) is { } set ? AttachToSet(bound, p, set) : Attach(bound, p, ours[(p.NamespaceOr(route.Namespace), p.Name)].Listeners, $"Gateway {p.Name}");
            // A route with invalid fields has its errors at them already: its status says it is not attached, but a
            // second error for the same mistake would count one user error twice (17 hostnames gave two).
            if (accepted.Status != "True" && route.Problem is null)
            {
                _diagnostics.Error(accepted.Reason, p.Mark, $"{route.Kind} {route.Namespace}/{route.Name} is not attached to {p.Kind} {p.NamespaceOr(route.Namespace)}/{p.Name}: {accepted.Message}");
            }

            var parentRef = new ParentReference(p.Group, p.Kind, p.NamespaceOr(route.Namespace), p.Name, p.SectionName, p.Port);
            bound.Parents.Add(new RouteParentStatus(parentRef, controllerName, [accepted, resolved]));
        }

        return bound;
    }

    private static bool IsGatewayRef(RefSpec p) => p.Group == KnownKinds.GatewayGroup && p.Kind == "Gateway";

    private BoundListenerSet? SetOf(RefSpec p, RouteObject route) =>
        KnownKinds.IsListenerSet(p.Group, p.Kind) ? listenerSets.GetValueOrDefault((p.Kind, p.NamespaceOr(route.Namespace), p.Name)) : null;

    private Condition AttachToSet(BoundRoute bound, RefSpec p, BoundListenerSet set) => set.Accepted
        ? Attach(bound, p, set.Listeners, $"{set.Set.Object.Kind} {set.Set.Name}")
        : Conditions.False("Accepted", "NoMatchingParent", $"{set.Set.Object.Kind} {set.Set.Namespace}/{set.Set.Name} is not attached to its Gateway: {set.Conditions[0].Message}");

    private Condition Attach(BoundRoute bound, RefSpec p, IReadOnlyList<BoundListener> listeners, string parent)
    {
        var route = bound.Route;
        var named = listeners.Where(l => (p.SectionName is null || l.Spec.Name == p.SectionName) && (p.Port is null || l.Spec.Port == p.Port)).ToList();
        if (named.Count == 0)
        {
            return Conditions.False("Accepted", "NoMatchingParent", p.SectionName is not null || p.Port is not null
                ? $"{parent} has no listener{(p.SectionName is null ? "" : $" named '{p.SectionName}'")}{(p.Port is null ? "" : $" on port {p.Port}")}"
                : $"{parent} has no listeners");
        }

        var valid = named.Where(l => l.Accepted).ToList();
        if (valid.Count == 0)
        {
            return Conditions.False("Accepted", "NoMatchingParent", $"the listeners this parentRef selects are not valid; see the {p.Kind}'s listener conditions");
        }

        var allowed = valid.Where(l => l.Supports(route.Kind) && NamespaceAllowed(l, route.Namespace)).ToList();
        if (allowed.Count == 0)
        {
            return Conditions.False("Accepted", "NotAllowedByListeners",
                $"no selected listener allows {route.Kind}s from namespace {route.Namespace} (check allowedRoutes.namespaces and kinds)");
        }

        var attached = 0;
        foreach (var l in allowed)
        {
            var hosts = route.Kind is "TCPRoute" or "UDPRoute" ? (IReadOnlyList<string>)["*"] : HostnameIntersection.Intersect(l.Spec.Hostname, route.Hostnames);
            if (hosts.Count == 0)
            {
                continue;
            }

            attached++;
            bound.Attachments.Add(new Attachment(l, bound, hosts));
            Count(l, route);
        }

        if (attached == 0)
        {
            return Conditions.False("Accepted", "NoMatchingListenerHostname", $"none of the route's hostnames ({string.Join(", ", route.Hostnames)}) falls within the selected listeners' hostnames");
        }

        // ListenerStatus.attachedRoutes: "Listener or Route status does not impact successful attachment, i.e. the
        // AttachedRoutes field count MUST be set for Listeners, even if the Accepted condition of an individual
        // Listener is set to "False"." The route is Accepted through this parentRef, so the listeners it selects
        // that are not Accepted count it too; they serve nothing.
        foreach (var l in named.Where(l => !l.Accepted && l.SelectedKinds.Any(k => k.Kind == route.Kind) && NamespaceAllowed(l, route.Namespace)))
        {
            if (route.Kind is "TCPRoute" or "UDPRoute" || HostnameIntersection.Intersect(l.Spec.Hostname, route.Hostnames).Count > 0)
            {
                Count(l, route);
            }
        }

        return Conditions.RouteAttached;
    }

    private void Count(BoundListener l, RouteObject route)
    {
        if (!_attachedTo.TryGetValue(l, out var set))
        {
            _attachedTo[l] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        if (set.Add(route.Object.Key))
        {
            l.AttachedRoutes++;
            _counted?.Add(l.Id);
        }
    }

    private bool NamespaceAllowed(BoundListener l, string routeNamespace) => l.Spec.From switch
    {
        "All" => true,
        "Same" => routeNamespace == l.OwnerNamespace,
        "Selector" => l.Spec.Selector?.Matches(index.NamespaceLabels(routeNamespace)) ?? false,
        _ => false,
    };
}
