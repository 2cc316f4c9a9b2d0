using GitGateway.Plan.Model;
using GitGateway.Proxy.Filters;
using GitGateway.Proxy.Policies;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// A route entry compiled for serving: the conditions beyond the path index (method, headers, query, and the
/// path itself for regular expressions) and the action (filters, backends, timeouts, retries, policies).
/// </summary>
internal sealed class CompiledEntry
{
    private readonly string? _method;
    private readonly StringCondition[] _headers;
    private readonly StringCondition[] _query;

    public CompiledEntry(RouteEntry entry, FilterSet filters, WeightedBackends backends, PolicySet policies, RegexScope regexes)
    {
        Entry = entry;
        Id = entry.Id;
        _method = entry.Match.Method;
        _headers = entry.Match.Headers.Select(h => new StringCondition(h, regexes)).ToArray();
        _query = entry.Match.QueryParams.Select(q => new StringCondition(q, regexes)).ToArray();
        PathRegex = entry.Match.Path.Type == MatchKind.RegularExpression ? regexes.Get(entry.Match.Path.Value) : null;
        MatchedPrefix = entry.Match.Path.Type == MatchKind.PathPrefix ? entry.Match.Path.Value : null;
        Filters = filters;
        Backends = backends;
        Policies = policies;
        IsGrpc = string.Equals(entry.Route.Kind, "GRPCRoute", StringComparison.Ordinal);
        Cors = filters.Cors ?? policies.Cors;
        RegexPatterns = [.. entry.Match.Headers.Concat(entry.Match.QueryParams).Where(m => m.Type == MatchKind.RegularExpression).Select(m => m.Value)
            .Concat(PathRegex is null ? [] : [entry.Match.Path.Value])];
        foreach (var backend in backends.All)
        {
            var shaper = new ResponseShaper(filters.ResponseHeaders, backend.Filters.ResponseHeaders, Cors);
            backend.Shaper = shaper.IsEmpty ? ResponseShaper.None : shaper;
        }
    }

    /// <summary>The CORS rules of the entry: its CORS filter, else a CORS policy.</summary>
    public CorsPolicy? Cors { get; }

    /// <summary>The regular expressions the entry matches with: a table that reuses the entry holds them too.</summary>
    public IReadOnlyList<string> RegexPatterns { get; }

    /// <summary>What compiling the entry warned of (a policy this node does not enforce), said again by a table that reuses it.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public RouteEntry Entry { get; }

    public string Id { get; }

    public RegexMatcher? PathRegex { get; }

    /// <summary>The PathPrefix value this entry matched on, for ReplacePrefixMatch; null otherwise.</summary>
    public string? MatchedPrefix { get; }

    public FilterSet Filters { get; }

    public WeightedBackends Backends { get; }

    public PolicySet Policies { get; }

    public DirectResponse? DirectResponse => Entry.DirectResponse;

    public RouteTimeouts? Timeouts => Entry.Timeouts;

    public RetryPolicy? Retry => Entry.Retry;

    public bool IsGrpc { get; }

    /// <summary>
    /// The conditions other than an exact or prefix path (which the index already checked): <see cref="MatchAnswer.No"/>
    /// when one does not hold, else <see cref="MatchAnswer.Unanswerable"/> when a regular expression could not answer.
    /// </summary>
    public MatchAnswer Match(HttpRequest request, string path)
    {
        if (_method is not null && !string.Equals(_method, request.Method, StringComparison.Ordinal))
        {
            return MatchAnswer.No;
        }

        var answer = PathRegex?.Match(path) ?? MatchAnswer.Yes;
        if (answer == MatchAnswer.No)
        {
            return MatchAnswer.No;
        }

        var headers = _headers;
        for (var i = 0; i < headers.Length; i++)
        {
            if (!Holds(headers[i].MatchHeader(request.Headers), ref answer))
            {
                return MatchAnswer.No;
            }
        }

        var query = _query;
        for (var i = 0; i < query.Length; i++)
        {
            if (!Holds(query[i].MatchQuery(request), ref answer))
            {
                return MatchAnswer.No;
            }
        }

        return answer;
    }

    // A condition that does not hold decides the entry; an unanswerable one is kept, since a later one may not hold.
    private static bool Holds(MatchAnswer condition, ref MatchAnswer answer)
    {
        if (condition == MatchAnswer.Unanswerable)
        {
            answer = MatchAnswer.Unanswerable;
        }

        return condition != MatchAnswer.No;
    }
}
