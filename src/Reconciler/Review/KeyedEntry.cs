using GitGateway.Plan;
using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// A route entry seen from a client: the hostname (or L4 listener) it serves and its match, which is the key a
/// traffic change is reported under; the Gateway is kept for the blast radius.
/// </summary>
internal sealed record KeyedEntry(string Key, string Host, ObjectRef Gateway, ObjectRef Route, RouteEntry? Http, L4Route? L4)
{
    private static readonly SourceMark NoMark = new("", 0, 0);

    private string? _target;

    private string? _routeName;

    /// <summary>
    /// Where the entry sends traffic, as a traffic line shows it (<see cref="EntryText.Target"/>); worked out when first
    /// asked for, since a review shows only the entries that changed.
    /// </summary>
    public string Target => _target ??= Http is { } entry ? EntryText.Target(entry) : EntryText.Shares(L4?.Backends ?? default);

    /// <summary>
    /// The route's name, <c>Kind/namespace/name</c> (<see cref="ObjectRef.ToString"/>), made once for every pass of a
    /// review that counts or compares routes by it (<see cref="RouteCounts"/>, <see cref="DestructiveChange"/>).
    /// </summary>
    public string RouteName => _routeName ??= Route.ToString();

    /// <summary>
    /// Whether the two entries route traffic the same way: equal but for their ids and source marks (a mark moves when
    /// a file is reformatted; that is not a change to traffic). Entries that are equal as they are need no copy.
    /// </summary>
    public bool RoutesAs(KeyedEntry other) => (Http, other.Http, L4, other.L4) switch
    {
        ({ } a, { } b, null, null) => a == b || Comparable(a) == Comparable(b),
        (null, null, { } a, { } b) => a == b || a with { Id = "", Source = NoMark } == b with { Id = "", Source = NoMark },
        _ => false,
    };

    /// <summary>Equal when the key, the Gateway, the route and the entry are (the <see cref="Target"/> follows from the entry).</summary>
    public bool Equals(KeyedEntry? other) =>
        other is not null && Key == other.Key && Host == other.Host && Gateway == other.Gateway && Route == other.Route && Http == other.Http && L4 == other.L4;

    public override int GetHashCode() => HashCode.Combine(Key, Host, Gateway, Route, Http, L4);

    /// <summary>Every entry of a plan by key; the first listener wins when several serve the same host and match.</summary>
    public static SortedDictionary<string, KeyedEntry> Index(RoutingPlan? plan) => Index(plan, null);

    /// <summary>
    /// As above, taking from <paramref name="earlier"/> (another plan's index) the keyed entry of every route entry it
    /// holds as the very same object on the same hostname and Gateway: its key and the entry are what would be built.
    /// A head rendered from its base shares almost every route entry with it (<see cref="Renderer.Rendering.RenderReuse"/>),
    /// so the head's index costs a look-up per entry, and the review's passes compare shared entries by reference.
    /// </summary>
    public static SortedDictionary<string, KeyedEntry> Index(RoutingPlan? plan, SortedDictionary<string, KeyedEntry>? earlier)
    {
        var index = new SortedDictionary<string, KeyedEntry>(StringComparer.Ordinal);
        if (plan is null)
        {
            return index;
        }

        foreach (var e in Keyed(plan, ByEntry(earlier)))
        {
            index.TryAdd(e.Key, e);
        }

        return index;
    }

    /// <summary>
    /// Every entry of <paramref name="plan"/> keyed, in plan order (the first of a key is the one an index keeps):
    /// the keyed entry of <paramref name="known"/> for a route entry object it holds on the same hostname and Gateway,
    /// else a new one.
    /// </summary>
    internal static IEnumerable<KeyedEntry> Keyed(RoutingPlan plan, Dictionary<RouteEntry, KeyedEntry> known)
    {
        foreach (var listener in plan.Listeners)
        {
            foreach (var host in listener.VirtualHosts)
            {
                foreach (var entry in host.Routes)
                {
                    if (known.TryGetValue(entry, out var same) && same.Host == host.Hostname && same.Gateway == listener.Gateway)
                    {
                        yield return same;
                        continue;
                    }

                    var key = $"{host.Hostname} {EntryText.Match(entry.Match)}";
                    yield return new KeyedEntry(key, host.Hostname, listener.Gateway, entry.Route, entry, null);
                }
            }

            foreach (var route in listener.L4Routes)
            {
                var host = route.Hostnames.Count == 0 ? $"{listener.Protocol} :{listener.Port}" : string.Join(",", route.Hostnames);
                var key = $"{host} {route.Route}";
                yield return new KeyedEntry(key, host, listener.Gateway, route.Route, null, route);
            }
        }
    }

    // The HTTP entries of an earlier index by route entry object (the first for an object several hosts share).
    internal static Dictionary<RouteEntry, KeyedEntry> ByEntry(SortedDictionary<string, KeyedEntry>? earlier)
    {
        var known = new Dictionary<RouteEntry, KeyedEntry>(earlier?.Count ?? 0, ReferenceEqualityComparer.Instance);
        if (earlier is null)
        {
            return known;
        }

        foreach (var e in earlier.Values)
        {
            if (e.Http is { } entry)
            {
                known.TryAdd(entry, e);
            }
        }

        return known;
    }

    private static RouteEntry Comparable(RouteEntry entry) =>
        entry with { Id = "", Source = NoMark, Policies = entry.Policies.Select(p => p with { Source = NoMark }).ToEquatableArray() };
}
