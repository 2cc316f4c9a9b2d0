using System.Globalization;
using System.Text;
using GitGateway.Plan;
using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Cli;

/// <summary>Short human descriptions of plan elements, shared by the table and the plan diff.</summary>
internal static class PlanText
{
    /// <summary>A route match as a reviewer reads it: <c>GET /api [x-canary=true] ?v=2</c>.</summary>
    public static string Match(RouteMatch match)
    {
        var text = new StringBuilder();
        if (match.Method is not null)
        {
            text.Append(match.Method).Append(' ');
        }

        text.Append(match.Path.Type switch
        {
            MatchKind.Exact => "= " + match.Path.Value,
            MatchKind.RegularExpression => "~ " + match.Path.Value,
            _ => match.Path.Value,
        });
        foreach (var h in match.Headers)
        {
            text.Append(" [").Append(h.Name).Append(h.Type == MatchKind.RegularExpression ? "~" : "=").Append(h.Value).Append(']');
        }

        for (var i = 0; i < match.QueryParams.Count; i++)
        {
            var q = match.QueryParams[i];
            text.Append(i == 0 ? " ?" : "&").Append(q.Name).Append(q.Type == MatchKind.RegularExpression ? "~" : "=").Append(q.Value);
        }

        return text.ToString();
    }

    /// <summary>Each backend's share of traffic in percent, by display name.</summary>
    public static Dictionary<string, int> Shares(EquatableArray<Backend> backends)
    {
        var total = backends.Sum(b => (long)b.Weight);
        var shares = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var b in backends)
        {
            var name = BackendName(b, backends);
            var share = total == 0 ? 0 : (int)Math.Round(b.Weight * 100.0 / total, MidpointRounding.AwayFromZero);
            shares[name] = shares.GetValueOrDefault(name) + share;
        }

        return shares;
    }

    /// <summary>The backend's name, with its port when the same Service appears on several ports.</summary>
    public static string BackendName(Backend backend, EquatableArray<Backend> all)
    {
        var name = backend.Unresolved is null ? backend.Name : $"{backend.Name} ({backend.Unresolved})";
        return all.Count(b => b.Name == backend.Name && b.Namespace == backend.Namespace) > 1 ? $"{name}:{backend.Port}" : name;
    }

    /// <summary>Where an entry sends traffic: weighted backends, a redirect or a direct response.</summary>
    public static string Action(RouteEntry entry)
    {
        var redirect = entry.Filters.FirstOrDefault(f => f.RequestRedirect is not null)?.RequestRedirect;
        if (redirect is not null)
        {
            // {host} and {path} stand for what the request had: the redirect keeps them.
            var path = redirect.Path switch
            {
                null => "{path}",
                { Type: "ReplacePrefixMatch" } p => p.Value.TrimEnd('/') + "{rest}",
                { } p => p.Value,
            };
            var target = $"{redirect.Scheme ?? "{scheme}"}://{redirect.Hostname ?? "{host}"}{(redirect.Port is { } port ? ":" + port : "")}{path}";
            return $"redirect {redirect.StatusCode} → {target}";
        }

        if (entry.DirectResponse is { } direct)
        {
            return $"respond {direct.StatusCode}";
        }

        return Backends(entry.Backends);
    }

    public static string Backends(EquatableArray<Backend> backends) => backends.Count == 0
        ? "(no backend)"
        : string.Join(", ", Shares(backends).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value}%")));

    /// <summary>The filters of an entry, by type, e.g. <c>URLRewrite, RequestMirror</c>.</summary>
    public static string Filters(RouteEntry entry) =>
        string.Join(", ", entry.Filters.Where(f => f.RequestRedirect is null).Select(f => f.Type.ToString()));

    public static string Host(string hostname) => hostname == "*" ? "* (any host)" : hostname;
}
