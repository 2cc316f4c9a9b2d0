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

    // A route's entries in key order; the route changed when its keys or the way any of them routes did.
    private static Dictionary<string, List<KeyedEntry>> ByRoute(SortedDictionary<string, KeyedEntry> index) =>
        index.Values
            .GroupBy(e => e.Route.ToString(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

    private static bool Same(List<KeyedEntry> a, List<KeyedEntry> b) =>
        a.Count == b.Count && a.Zip(b).All(pair => pair.First.Key == pair.Second.Key && pair.First.RoutesAs(pair.Second));
}
