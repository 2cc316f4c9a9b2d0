using System.Globalization;
using System.Text;
using GitGateway.Plan;
using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Review;

/// <summary>Short, human-readable forms of matches and actions for the pull-request comment.</summary>
internal static class EntryText
{
    public static string Match(RouteMatch match)
    {
        var text = new StringBuilder(match.Path.Type switch
        {
            MatchKind.Exact => "= " + match.Path.Value,
            MatchKind.RegularExpression => "~ " + match.Path.Value,
            _ => match.Path.Value,
        });
        if (match.Method is not null)
        {
            text.Append(' ').Append(match.Method);
        }

        foreach (var h in match.Headers)
        {
            text.Append(" [").Append(h.Name).Append(h.Type == MatchKind.RegularExpression ? " ~ " : ": ").Append(h.Value).Append(']');
        }

        foreach (var q in match.QueryParams)
        {
            text.Append(" ?").Append(q.Name).Append(q.Type == MatchKind.RegularExpression ? "~" : "=").Append(q.Value);
        }

        return text.ToString();
    }

    public static string Target(RouteEntry entry)
    {
        var redirect = entry.Filters.FirstOrDefault(f => f.RequestRedirect is not null)?.RequestRedirect;
        if (redirect is not null)
        {
            var target = $"{redirect.Scheme ?? "(same scheme)"}://{redirect.Hostname ?? "(same host)"}{(redirect.Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "")}{redirect.Path?.Value ?? ""}";
            return $"redirect {redirect.StatusCode} → {target}";
        }

        return entry.DirectResponse is { } direct ? $"direct response {direct.StatusCode}" : Shares(entry.Backends);
    }

    public static string Shares(EquatableArray<Backend> backends)
    {
        if (backends.Count == 0)
        {
            return "no backend";
        }

        var shares = ShareByName(backends);
        return string.Join(", ", shares.Select(s => $"{s.Key} {Percent(s.Value)}"));
    }

    /// <summary>Each backend's share of traffic in percent, keyed by a display name (name, or name:port when a name repeats).</summary>
    public static Dictionary<string, double> ShareByName(EquatableArray<Backend> backends)
    {
        var total = backends.Sum(b => (double)b.Weight);
        var repeated = backends.GroupBy(b => b.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var shares = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var b in backends)
        {
            var name = repeated.Contains(b.Name) ? $"{b.Name}:{b.Port}" : b.Name;
            if (b.Unresolved is not null)
            {
                name += " (unresolved)";
            }

            shares[name] = shares.GetValueOrDefault(name) + (total == 0 ? 0 : b.Weight * 100.0 / total);
        }

        return shares;
    }

    public static string Percent(double value) => value.ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
