using System.Globalization;
using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Review.RoutingTests;

/// <summary>
/// What the proxy would do with a test request: forward (status 200 stands for "forwarded") to the backends that
/// get a share, redirect (with the Location per the RequestRedirect filter), answer directly, or 404.
/// </summary>
internal sealed record RoutingTestActual(int Status, IReadOnlyList<Backend> Backends, string? Location, IReadOnlyDictionary<string, string> Headers)
{
    public static RoutingTestActual From(RouteOutcome outcome, RoutingTestRequest request)
    {
        if (outcome.L4 is { } l4)
        {
            return new RoutingTestActual(200, l4.Backends.Where(b => b.Weight > 0 && b.Unresolved is null).ToList(), null, request.Headers);
        }

        if (outcome.Entry is not { } entry)
        {
            return new RoutingTestActual(404, [], null, request.Headers);
        }

        var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
        foreach (var filter in entry.Filters)
        {
            if (filter.RequestRedirect is { } redirect)
            {
                return new RoutingTestActual(redirect.StatusCode, [], RedirectLocation(redirect, entry, outcome.Listener!, request), headers);
            }

            if (filter.RequestHeaderModifier is { } modifier)
            {
                Modify(headers, modifier);
            }
        }

        if (entry.DirectResponse is { } direct)
        {
            return new RoutingTestActual(direct.StatusCode, [], null, headers);
        }

        var backends = entry.Backends.Where(b => b.Weight > 0 && b.Unresolved is null).ToList();
        return new RoutingTestActual(backends.Count == 0 ? 500 : 200, backends, null, headers);
    }

    public string Describe() => Status switch
    {
        200 => "forwarded to " + string.Join(", ", Backends.Select(b => $"{Name(b)} (weight {b.Weight})")),
        404 => "404 (no route matched)",
        _ when Location is not null => $"redirect {Status} to {Location}",
        _ => $"status {Status}",
    };

    /// <summary>The backend with <paramref name="name"/> (<c>name</c> or <c>namespace/name:port</c>) when it gets a share.</summary>
    public Backend? Find(string name) => Backends.FirstOrDefault(b => b.Name == name || Name(b) == name);

    public static string Name(Backend b) => $"{b.Namespace}/{b.Name}:{b.Port}";

    // https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter
    private static string RedirectLocation(RedirectFilter redirect, RouteEntry entry, Listener listener, RoutingTestRequest request)
    {
        var scheme = redirect.Scheme ?? (listener.Protocol == ListenerProtocol.HTTPS ? "https" : "http");
        var host = redirect.Hostname ?? request.Host.Split(':')[0];
        var port = redirect.Port ?? (redirect.Scheme is null ? listener.Port : null);
        var defaultPort = scheme == "https" ? 443 : 80;
        var path = request.Path;
        if (redirect.Path is { Type: "ReplaceFullPath" } full)
        {
            path = full.Value;
        }
        else if (redirect.Path is { Type: "ReplacePrefixMatch" } prefix && entry.Match.Path.Type == MatchKind.PathPrefix)
        {
            var rest = path[Math.Min(path.Length, entry.Match.Path.Value.TrimEnd('/').Length)..];
            path = prefix.Value.TrimEnd('/') + (rest.Length == 0 && prefix.Value.EndsWith('/') ? "/" : rest);
            path = path.Length == 0 ? "/" : path;
        }

        var portText = port is { } p && p != defaultPort ? ":" + p.ToString(CultureInfo.InvariantCulture) : "";
        return $"{scheme}://{host}{portText}{path}";
    }

    private static void Modify(Dictionary<string, string> headers, HeaderModifier modifier)
    {
        foreach (var h in modifier.Set)
        {
            headers[h.Name] = h.Value;
        }

        foreach (var h in modifier.Add)
        {
            headers[h.Name] = headers.TryGetValue(h.Name, out var existing) ? existing + "," + h.Value : h.Value;
        }

        foreach (var name in modifier.Remove)
        {
            headers.Remove(name);
        }
    }
}
