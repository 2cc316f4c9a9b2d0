using GitGateway.Plan;
using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// What a change does to traffic, in a reviewer's words, grouped by hostname:
/// <c>store.example.com /api: store-api-v1 90%→50%, store-api-v2 10%→50%</c>. Computed from the two plans with
/// source locations ignored, so moving a rule to another line is not a change to traffic.
/// </summary>
internal static class TrafficSummary
{
    private static readonly SourceMark Nowhere = new("", 0, 0);

    public static IReadOnlyList<TrafficGroup> Build(RoutingPlan before, RoutingPlan after)
    {
        var groups = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var a = HttpEntries(before);
        var b = HttpEntries(after);
        foreach (var key in a.Keys.Union(b.Keys).Order())
        {
            var line = a.TryGetValue(key, out var old)
                ? b.TryGetValue(key, out var now) ? Changed(key.Host, old, now) : $"{key.Host} {PlanText.Match(old.Match)}: removed"
                : $"{key.Host} {PlanText.Match(b[key].Match)} (new): {PlanText.Action(b[key])}";
            if (line is not null)
            {
                Add(groups, PlanText.Host(key.Host), line);
            }
        }

        var la = L4Entries(before);
        var lb = L4Entries(after);
        foreach (var key in la.Keys.Union(lb.Keys).Order())
        {
            var line = la.TryGetValue(key, out var old)
                ? lb.TryGetValue(key, out var now) ? L4Changed(old, now) : $"{Name(old)}: removed"
                : $"{Name(lb[key])} (new): {PlanText.Backends(lb[key].Backends)}";
            if (line is not null)
            {
                Add(groups, key.Listener, line);
            }
        }

        var result = groups.Select(g => new TrafficGroup(g.Key, g.Value)).ToList();
        AddElementGroup(result, "Listeners", before.Listeners.ToDictionary(l => l.Id, Normalize), after.Listeners.ToDictionary(l => l.Id, Normalize));
        AddElementGroup(result, "VIPs", before.Vips.ToDictionary(v => v.Id, v => v with { Source = Nowhere }), after.Vips.ToDictionary(v => v.Id, v => v with { Source = Nowhere }));
        return result;
    }

    public static RouteCounts CountRoutes(RoutingPlan before, RoutingPlan after)
    {
        var a = RouteContents(before);
        var b = RouteContents(after);
        var added = b.Keys.Count(k => !a.ContainsKey(k));
        var removed = a.Keys.Count(k => !b.ContainsKey(k));
        var changed = b.Count(kv => a.TryGetValue(kv.Key, out var old) && !old.SetEquals(kv.Value));
        return new RouteCounts(added, changed, removed);
    }

    private static string? Changed(string host, RouteEntry old, RouteEntry now)
    {
        if (old == now)
        {
            return null;
        }

        var parts = new List<string>();
        if (old.Match != now.Match)
        {
            parts.Add($"match {PlanText.Match(old.Match)} → {PlanText.Match(now.Match)}");
        }

        if (old.Backends != now.Backends)
        {
            parts.Add(ShareChanges(old.Backends, now.Backends));
        }

        if (old.Filters != now.Filters || old.DirectResponse != now.DirectResponse)
        {
            parts.Add($"{Describe(old)} → {Describe(now)}");
        }

        if (old.Timeouts != now.Timeouts || old.Retry != now.Retry)
        {
            parts.Add("timeouts or retries changed");
        }

        if (old.Policies != now.Policies)
        {
            parts.Add($"policies {Policies(old)} → {Policies(now)}");
        }

        return parts.Count == 0 ? null : $"{host} {PlanText.Match(now.Match)}: {string.Join("; ", parts)}";
    }

    private static string? L4Changed(L4Route old, L4Route now) => old == now
        ? null
        : old.Backends != now.Backends ? $"{Name(now)}: {ShareChanges(old.Backends, now.Backends)}" : $"{Name(now)}: hostnames {string.Join(",", old.Hostnames)} → {string.Join(",", now.Hostnames)}";

    private static string ShareChanges(EquatableArray<Backend> old, EquatableArray<Backend> now)
    {
        var a = PlanText.Shares(old);
        var b = PlanText.Shares(now);
        var moved = a.Keys.Union(b.Keys).Order(StringComparer.Ordinal)
            .Where(n => a.GetValueOrDefault(n) != b.GetValueOrDefault(n) || a.ContainsKey(n) != b.ContainsKey(n))
            .Select(n => $"{n} {a.GetValueOrDefault(n)}%→{b.GetValueOrDefault(n)}%")
            .ToList();
        return moved.Count > 0 ? string.Join(", ", moved) : "backend ports or settings changed";
    }

    private static string Describe(RouteEntry entry)
    {
        var filters = PlanText.Filters(entry);
        var action = entry.DirectResponse is not null || entry.Filters.Any(f => f.RequestRedirect is not null) ? PlanText.Action(entry) : null;
        var text = string.Join("; ", new[] { action, filters.Length > 0 ? "filters " + filters : null }.Where(s => s is not null));
        return text.Length == 0 ? "no filters" : text;
    }

    private static string Policies(RouteEntry entry) =>
        entry.Policies.Count == 0 ? "(none)" : string.Join(", ", entry.Policies.Select(p => $"{p.Type} ({p.Origin})"));

    private static string Name(L4Route route) => $"{route.Route.Kind} {route.Route.Namespace}/{route.Route.Name}";

    private static void Add(SortedDictionary<string, List<string>> groups, string title, string line)
    {
        if (!groups.TryGetValue(title, out var lines))
        {
            groups[title] = lines = [];
        }

        if (!lines.Contains(line))
        {
            lines.Add(line);
        }
    }

    private static void AddElementGroup<T>(List<TrafficGroup> groups, string title, Dictionary<string, T> a, Dictionary<string, T> b)
    {
        var lines = a.Keys.Union(b.Keys).Order(StringComparer.Ordinal).Select(id =>
            !a.ContainsKey(id) ? $"{id}: added" : !b.ContainsKey(id) ? $"{id}: removed" : Equals(a[id], b[id]) ? null : $"{id}: changed")
            .OfType<string>().ToList();
        if (lines.Count > 0)
        {
            groups.Add(new TrafficGroup(title, lines));
        }
    }

    // A listener without its routes and source: route changes are reported per hostname.
    private static Listener Normalize(Listener l) => l with { VirtualHosts = default, L4Routes = default, Source = Nowhere };

    private static RouteEntry Normalize(RouteEntry e) =>
        e with { Source = Nowhere, Policies = e.Policies.Select(p => p with { Source = Nowhere }).ToEquatableArray() };

    private static Dictionary<(string Host, string Id), RouteEntry> HttpEntries(RoutingPlan plan)
    {
        var entries = new Dictionary<(string, string), RouteEntry>();
        foreach (var vhost in plan.Listeners.SelectMany(l => l.VirtualHosts))
        {
            foreach (var entry in vhost.Routes)
            {
                entries.TryAdd((vhost.Hostname, entry.Id), Normalize(entry));
            }
        }

        return entries;
    }

    private static Dictionary<(string Listener, string Id), L4Route> L4Entries(RoutingPlan plan)
    {
        var entries = new Dictionary<(string, string), L4Route>();
        foreach (var listener in plan.Listeners)
        {
            foreach (var route in listener.L4Routes)
            {
                entries.TryAdd(($"{listener.Protocol} :{listener.Port}", route.Id), route with { Source = Nowhere });
            }
        }

        return entries;
    }

    private static Dictionary<ObjectRef, HashSet<object>> RouteContents(RoutingPlan plan)
    {
        var routes = new Dictionary<ObjectRef, HashSet<object>>();
        foreach (var ((host, _), entry) in HttpEntries(plan))
        {
            Contents(routes, entry.Route).Add((host, entry));
        }

        foreach (var ((listener, _), route) in L4Entries(plan))
        {
            Contents(routes, route.Route).Add((listener, route));
        }

        return routes;
    }

    private static HashSet<object> Contents(Dictionary<ObjectRef, HashSet<object>> routes, ObjectRef route)
    {
        if (!routes.TryGetValue(route, out var set))
        {
            routes[route] = set = [];
        }

        return set;
    }
}
