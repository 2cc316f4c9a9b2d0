using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// Step 5: attach routes (in namespace/name order, so attachment counts never depend on file order). A route the
/// render before bound under the same <see cref="ReuseKey"/> has that binding replayed on this render's listeners
/// instead of being bound again.
/// </summary>
internal static class RouteStep
{
    public static void Run(RenderContext c)
    {
        var all = c.Set.Gateways.Select(g => (g.Namespace, g.Name)).ToHashSet();
        var sets = c.ListenerSets.ToDictionary(s => (s.Set.Object.Kind, s.Set.Namespace, s.Set.Name));
        var binder = new RouteBinder(c.Gateways.ByName, all, sets, c.Index, c.ControllerName, c.Diagnostics);
        var listeners = c.Memo is null ? null : ListenersById(c);
        if (listeners is null)
        {
            c.Memo = null;
        }

        var previous = c.Memo is null ? null : c.Previous;
        if (c.Memo is not null)
        {
            c.Memo.Listeners = [.. listeners!.Keys];
        }

        // Every listener id the render before had is one this render has: none of its memos names a listener this
        // render lacks, so no route's memo needs looking at for that.
        var kept = previous?.Listeners is { } ids && ids.All(listeners!.ContainsKey);
        var ordered = OrderReuse.Sort(c.Set.Routes, previous?.RouteOrder, BindingOrder, ReferenceEqualityComparer.Instance,
            routes => [.. routes.OrderBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Namespace, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)]);
        if (c.Memo is not null)
        {
            c.Memo.RouteOrder = ordered;
        }

        foreach (var route in ordered)
        {
            if (Bind(c, binder, route, previous, listeners, kept) is { } bound)
            {
                c.Routes.Add(bound);
            }
        }
    }

    // Kind, namespace, name: the order routes are bound in.
    private static readonly Comparer<RouteObject> BindingOrder = Comparer<RouteObject>.Create((a, b) =>
    {
        var c = string.CompareOrdinal(a.Kind, b.Kind);
        c = c != 0 ? c : string.CompareOrdinal(a.Namespace, b.Namespace);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    });

    private static BoundRoute? Bind(RenderContext c, RouteBinder binder, RouteObject route, RenderReuse.Memo? previous, Dictionary<string, BoundListener>? listeners, bool kept)
    {
        if (c.Memo is null || listeners is null)
        {
            return binder.Bind(route);
        }

        // Equal keys give the same listeners; a memo naming one this render lacks is bound afresh rather than trusted.
        if (previous is not null && previous.Routes.TryGetValue(route, out var memo) && (kept || Names(memo, listeners)))
        {
            c.Memo.Routes[route] = memo;
            c.ReusedRoutes++;
            return binder.Replay(route, memo, listeners);
        }

        var bound = binder.Bind(route, out var made);
        c.Memo.Routes[route] = made;
        return bound;
    }

    // Whether every listener the memo counted or attached to is one of this render's.
    private static bool Names(RouteMemo memo, Dictionary<string, BoundListener> listeners)
    {
        foreach (var id in memo.Counted)
        {
            if (!listeners.ContainsKey(id))
            {
                return false;
            }
        }

        foreach (var (id, _) in memo.Attachments)
        {
            if (!listeners.ContainsKey(id))
            {
                return false;
            }
        }

        return true;
    }

    // Every listener a route may attach to, by id; null when two share an id (a binding could not be replayed by it).
    private static Dictionary<string, BoundListener>? ListenersById(RenderContext c)
    {
        var byId = new Dictionary<string, BoundListener>(StringComparer.Ordinal);
        foreach (var l in c.Gateways.Values.SelectMany(g => g.Listeners).Concat(c.ListenerSets.SelectMany(s => s.Listeners)))
        {
            if (!byId.TryAdd(l.Id, l))
            {
                return null;
            }
        }

        return byId;
    }
}
