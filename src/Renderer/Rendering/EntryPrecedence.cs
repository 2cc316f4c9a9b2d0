using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// The order of route entries within one virtual host, first match wins, following the HTTPRoute rule
/// precedence (https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule): Exact path, then regular
/// expression (longer pattern first), then the longest PathPrefix; then a method match; then the most
/// header matches; then the most query parameter matches. Gateway API breaks remaining ties by creation
/// time: the older route first (<see cref="ObjectAges"/>, from Git history when the caller has it), then the
/// route's <c>{namespace}/{name}</c> (ordinal), then rule and match order.
/// Regular expressions rank between Exact and PathPrefix so that a specific pattern is not shadowed by a
/// broad prefix such as <c>/</c>; the spec leaves their place to implementations.
/// </summary>
internal sealed class EntryPrecedence(ObjectAges? ages) : IComparer<BuiltEntry>
{
    /// <summary>The order without ages: namespace/name decides the ties.</summary>
    public static EntryPrecedence Instance { get; } = new(null);

    // One rank lookup per route, not per comparison; an instance with ages serves one sort. By reference: the entries of
    // one route share its ObjectRef, and hashing three strings on every comparison cost more than the sort's other keys.
    private readonly Dictionary<ObjectRef, long> _ranks = new(ReferenceEqualityComparer.Instance);

    public int Compare(BuiltEntry? x, BuiltEntry? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var a = x.Entry.Match;
        var b = y.Entry.Match;
        var c = Rank(b.Path.Type).CompareTo(Rank(a.Path.Type));
        if (c != 0)
        {
            return c;
        }

        c = b.Path.Value.Length.CompareTo(a.Path.Value.Length);
        if (c != 0)
        {
            return c;
        }

        c = (b.Method is not null).CompareTo(a.Method is not null);
        if (c != 0)
        {
            return c;
        }

        c = b.Headers.Count.CompareTo(a.Headers.Count);
        if (c != 0)
        {
            return c;
        }

        c = b.QueryParams.Count.CompareTo(a.QueryParams.Count);
        if (c != 0)
        {
            return c;
        }

        c = ages is null ? 0 : RankOf(ages, x.Entry.Route).CompareTo(RankOf(ages, y.Entry.Route));
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(x.Entry.Route.Namespace, y.Entry.Route.Namespace);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(x.Entry.Route.Name, y.Entry.Route.Name);
        if (c != 0)
        {
            return c;
        }

        // The same name in two kinds (HTTPRoute and GRPCRoute): order by kind, then by position in the route.
        c = string.CompareOrdinal(x.Entry.Route.Kind, y.Entry.Route.Kind);
        return c != 0 ? c : x.Rule != y.Rule ? x.Rule.CompareTo(y.Rule) : x.Match.CompareTo(y.Match);
    }

    private long RankOf(ObjectAges known, ObjectRef route)
    {
        if (!_ranks.TryGetValue(route, out var rank))
        {
            _ranks[route] = rank = known.RankOf(route.Kind, route.Namespace, route.Name);
        }

        return rank;
    }

    private static int Rank(MatchKind kind) => kind switch
    {
        MatchKind.Exact => 3,
        MatchKind.RegularExpression => 2,
        _ => 1,
    };
}
