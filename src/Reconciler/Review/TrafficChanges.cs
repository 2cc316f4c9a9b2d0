using GitGateway.Plan;
using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// The effective change to traffic, per hostname and match: who gets what share before and after, and which
/// filters and policies come or go. Entries are compared without their source marks, so a reformatted file
/// that routes the same way produces no line.
/// </summary>
internal static class TrafficChanges
{
    public static IReadOnlyList<TrafficLine> Describe(SortedDictionary<string, KeyedEntry> before, SortedDictionary<string, KeyedEntry> after)
    {
        var lines = new List<TrafficLine>();
        foreach (var (key, a, b) in Merged(before, after))
        {
            var text = (a, b) switch
            {
                (null, { } added) => $"new → {added.Target}",
                ({ } removed, null) => $"removed (was {removed.Target})",
                ({ } x, { } y) when !x.RoutesAs(y) => Changed(x, y),
                _ => null,
            };
            if (text is not null)
            {
                var entry = (b ?? a)!;
                lines.Add(new TrafficLine(entry.Host, key, text, a, b));
            }
        }

        return lines;
    }

    /// <summary>
    /// Every key of either index in ordinal order with its entry on each side (null where it has none): both indexes
    /// are sorted by that order, so one walk along both, with no set of their keys and no sort.
    /// </summary>
    private static IEnumerable<(string Key, KeyedEntry? Before, KeyedEntry? After)> Merged(
        SortedDictionary<string, KeyedEntry> before, SortedDictionary<string, KeyedEntry> after)
    {
        var a = before.GetEnumerator(); // struct enumerators with nothing to dispose: a `using` would make them read-only copies
        var b = after.GetEnumerator();
        var hasA = a.MoveNext();
        var hasB = b.MoveNext();
        while (hasA || hasB)
        {
            var order = !hasA ? 1 : !hasB ? -1 : string.CompareOrdinal(a.Current.Key, b.Current.Key);
            yield return (order <= 0 ? a.Current.Key : b.Current.Key, order <= 0 ? a.Current.Value : null, order >= 0 ? b.Current.Value : null);
            hasA = order <= 0 ? a.MoveNext() : hasA;
            hasB = order >= 0 ? b.MoveNext() : hasB;
        }
    }

    private static string Changed(KeyedEntry a, KeyedEntry b)
    {
        var parts = new List<string>();
        if (a.Target != b.Target)
        {
            parts.Add(TargetChange(a, b));
        }

        if (a.Http is { } x && b.Http is { } y)
        {
            AddFilterChange(parts, x.Filters, y.Filters);
            AddPolicyChange(parts, x.Policies, y.Policies);
            if (x.Timeouts != y.Timeouts)
            {
                parts.Add($"timeouts {x.Timeouts?.ToString() ?? "none"} → {y.Timeouts?.ToString() ?? "none"}");
            }

            if (x.Retry != y.Retry)
            {
                parts.Add("retry policy changed");
            }

            if (!x.Backends.Select(Strip).SequenceEqual(y.Backends.Select(Strip)) && a.Target == b.Target)
            {
                parts.Add("backend settings changed");
            }
        }

        return parts.Count == 0 ? "changed (see the full diff)" : string.Join("; ", parts);
    }

    private static string TargetChange(KeyedEntry a, KeyedEntry b)
    {
        var backendsA = a.Http?.Backends ?? a.L4?.Backends ?? default;
        var backendsB = b.Http?.Backends ?? b.L4?.Backends ?? default;
        if (backendsA.Count == 0 || backendsB.Count == 0 || a.Http?.DirectResponse is not null || b.Http?.DirectResponse is not null
            || a.Target.StartsWith("redirect", StringComparison.Ordinal) || b.Target.StartsWith("redirect", StringComparison.Ordinal))
        {
            return $"{a.Target} → {b.Target}";
        }

        var before = EntryText.ShareByName(backendsA);
        var after = EntryText.ShareByName(backendsB);
        var names = before.Keys.Concat(after.Keys).Distinct(StringComparer.Ordinal);
        var changes = names
            .Where(n => before.GetValueOrDefault(n) != after.GetValueOrDefault(n) || before.ContainsKey(n) != after.ContainsKey(n))
            .Select(n => (before.ContainsKey(n), after.ContainsKey(n)) switch
            {
                (false, _) => $"{n} added at {EntryText.Percent(after[n])}",
                (_, false) => $"{n} {EntryText.Percent(before[n])}→removed",
                _ => $"{n} {EntryText.Percent(before[n])}→{EntryText.Percent(after[n])}",
            });
        return string.Join(", ", changes);
    }

    private static void AddFilterChange(List<string> parts, EquatableArray<Filter> a, EquatableArray<Filter> b)
    {
        if (a == b)
        {
            return;
        }

        var ta = Types(a);
        var tb = Types(b);
        parts.Add(ta == tb ? $"filters changed ({tb})" : $"filters {ta} → {tb}");

        static string Types(EquatableArray<Filter> filters) =>
            filters.Count == 0 ? "none" : string.Join(", ", filters.Select(f => f.Type.ToString()));
    }

    private static void AddPolicyChange(List<string> parts, EquatableArray<AppliedPolicy> a, EquatableArray<AppliedPolicy> b)
    {
        var before = a.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var after = b.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var changes = new List<string>();
        foreach (var (id, p) in after)
        {
            if (!before.TryGetValue(id, out var old))
            {
                changes.Add($"+{p.Type} ({id}{(p.Enforced ? ", enforced" : "")})");
            }
            else if (old with { Source = p.Source } != p)
            {
                changes.Add($"~{p.Type} ({id})");
            }
        }

        changes.AddRange(before.Where(kv => !after.ContainsKey(kv.Key)).Select(kv => $"-{kv.Value.Type} ({kv.Key})"));
        if (changes.Count > 0)
        {
            parts.Add("policies " + string.Join(", ", changes));
        }
    }

    private static Backend Strip(Backend b) => b with { Weight = 0 };
}
