using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Review.RoutingTests;

/// <summary>
/// Resolves a request against a plan with the Gateway API matching rules the plan encodes: listeners by port,
/// the most specific virtual host (exact, then the longest <c>*.suffix</c>, then <c>*</c>), then the first entry
/// in precedence order whose match holds.
/// https://gateway-api.sigs.k8s.io/reference/spec/#httproutematch
/// </summary>
internal sealed class PlanRouteResolver : IRouteResolver
{
    private static readonly ConcurrentDictionary<string, Regex> Regexes = new(StringComparer.Ordinal);

    public RouteOutcome Resolve(RoutingPlan plan, RoutingTestRequest request)
    {
        var host = request.Host.Split(':')[0].ToLowerInvariant();
        if (request.Protocol is { } protocol && Enum.TryParse<ListenerProtocol>(protocol, ignoreCase: true, out var l4) && l4 is not (ListenerProtocol.HTTP or ListenerProtocol.HTTPS))
        {
            return ResolveL4(plan, l4, request.Port, host);
        }

        var pathAndQuery = request.Path.Split('?', 2);
        var query = ParseQuery(pathAndQuery.Length > 1 ? pathAndQuery[1] : "");
        foreach (var listener in plan.Listeners)
        {
            var wanted = string.Equals(request.Scheme, "http", StringComparison.OrdinalIgnoreCase) ? ListenerProtocol.HTTP : ListenerProtocol.HTTPS;
            if (listener.Protocol is not (ListenerProtocol.HTTP or ListenerProtocol.HTTPS)
                || (request.Port is { } port ? listener.Port != port : listener.Protocol != wanted && HasProtocol(plan, wanted))
                || (listener.Hostname is { } lh && !HostMatches(lh, host)))
            {
                continue;
            }

            var vhost = listener.VirtualHosts
                .Where(v => HostMatches(v.Hostname, host))
                .OrderByDescending(v => Specificity(v.Hostname))
                .FirstOrDefault();
            var entry = vhost?.Routes.FirstOrDefault(e => Matches(e.Match, request, pathAndQuery[0], query));
            if (entry is not null)
            {
                return new RouteOutcome(listener, entry);
            }
        }

        return new RouteOutcome(null, null);
    }

    // TLS passthrough picks the route by SNI, most specific hostname first; TCP and UDP take the first route.
    private static RouteOutcome ResolveL4(RoutingPlan plan, ListenerProtocol protocol, int? port, string sni)
    {
        foreach (var listener in plan.Listeners.Where(l => l.Protocol == protocol && (port is null || l.Port == port)))
        {
            var route = listener.L4Routes
                .Where(r => r.Hostnames.Count == 0 || r.Hostnames.Any(h => HostMatches(h, sni)))
                .OrderByDescending(r => r.Hostnames.Count == 0 ? -1 : r.Hostnames.Where(h => HostMatches(h, sni)).Max(Specificity))
                .FirstOrDefault();
            if (route is not null)
            {
                return new RouteOutcome(listener, null, route);
            }
        }

        return new RouteOutcome(null, null);
    }

    // A plan with only HTTP listeners still answers an https test on them, so tests written for one work on both.
    private static bool HasProtocol(RoutingPlan plan, ListenerProtocol protocol) => plan.Listeners.Any(l => l.Protocol == protocol);

    internal static bool HostMatches(string pattern, string host) => pattern switch
    {
        "*" => true,
        _ when pattern.StartsWith("*.", StringComparison.Ordinal) => host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) && host.Length > pattern.Length - 1,
        _ => string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase),
    };

    private static int Specificity(string pattern) => pattern == "*" ? 0 : pattern.StartsWith('*') ? pattern.Length : 10_000 + pattern.Length;

    private static bool Matches(RouteMatch match, RoutingTestRequest request, string path, Dictionary<string, string> query)
    {
        if (!PathMatches(match.Path, path) || (match.Method is { } m && !string.Equals(m, request.Method, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        foreach (var h in match.Headers)
        {
            var value = request.Headers.FirstOrDefault(kv => string.Equals(kv.Key, h.Name, StringComparison.OrdinalIgnoreCase)).Value;
            if (value is null || !ValueMatches(h, value))
            {
                return false;
            }
        }

        return match.QueryParams.All(q => query.TryGetValue(q.Name, out var v) && ValueMatches(q, v));
    }

    // PathPrefix matches on whole segments: /api matches /api and /api/x, not /apix.
    // https://gateway-api.sigs.k8s.io/reference/spec/#pathmatchtype
    private static bool PathMatches(PathMatch match, string path) => match.Type switch
    {
        MatchKind.Exact => path == match.Value,
        MatchKind.PathPrefix => match.Value == "/"
            || (path.StartsWith(match.Value.TrimEnd('/'), StringComparison.Ordinal)
                && (path.Length == match.Value.TrimEnd('/').Length || path[match.Value.TrimEnd('/').Length] == '/')),
        _ => Regex(match.Value).IsMatch(path),
    };

    private static bool ValueMatches(StringMatch match, string value) =>
        match.Type == MatchKind.RegularExpression ? Regex(match.Value).IsMatch(value) : value == match.Value;

    private static Regex Regex(string pattern) =>
        Regexes.GetOrAdd(pattern, p => new Regex($"^(?:{p})\\z", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            result.TryAdd(Uri.UnescapeDataString(kv[0]), kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "");
        }

        return result;
    }
}
