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
        var changed = b.Count(kv => a.TryGetValue(kv.Key, out var old) && !old.SequenceEqual(kv.Value));
        return new RouteCounts(added, changed, removed);
    }

    public bool IsEmpty => Added == 0 && Changed == 0 && Removed == 0;

    private static Dictionary<string, List<(string Key, object Entry)>> ByRoute(SortedDictionary<string, KeyedEntry> index) =>
        index.Values
            .GroupBy(e => e.Route.ToString(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => (e.Key, e.Comparable)).ToList(), StringComparer.Ordinal);
}
