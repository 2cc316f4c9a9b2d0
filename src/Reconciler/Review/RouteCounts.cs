namespace GitGateway.Reconciler.Review;

/// <summary>Routes (HTTPRoute, GRPCRoute, TCPRoute, …) added, changed and removed between two plans.</summary>
internal sealed record RouteCounts(int Added, int Changed, int Removed)
{
    public static RouteCounts Of(SortedDictionary<string, KeyedEntry> before, SortedDictionary<string, KeyedEntry> after)
    {
        var a = ByRoute(before);
        var b = ByRoute(after);
        var added = b.Keys.Count(k => !a.ContainsKey(k));
        var removed = a.Keys.Count(k => !b.ContainsKey(k));
        var changed = b.Count(kv => a.TryGetValue(kv.Key, out var old) && !Same(old, kv.Value));
        return new RouteCounts(added, changed, removed);
    }

    public bool IsEmpty => Added == 0 && Changed == 0 && Removed == 0;

    // A route's entries in key order; the route changed when its keys or the way any of them routes did. The route's
    // name is the one the destructive-change guard reads too (made once per entry).
    private static Dictionary<string, List<KeyedEntry>> ByRoute(SortedDictionary<string, KeyedEntry> index)
    {
        var byRoute = new Dictionary<string, List<KeyedEntry>>(StringComparer.Ordinal);
        foreach (var e in index.Values)
        {
            if (!byRoute.TryGetValue(e.RouteName, out var entries))
            {
                byRoute[e.RouteName] = entries = [];
            }

            entries.Add(e);
        }

        return byRoute;
    }

    private static bool Same(List<KeyedEntry> a, List<KeyedEntry> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].Key != b[i].Key || !a[i].RoutesAs(b[i]))
            {
                return false;
            }
        }

        return true;
    }
}
