namespace GitGateway.Renderer.Schemas;

/// <summary>The "(did you mean …?)" of an unknown field: the known field nearest by edit distance.</summary>
internal static class FieldSuggestion
{
    /// <summary><c> (did you mean x?)</c> when a known field is close to <paramref name="key"/>, else empty.</summary>
    public static string For(string key, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(known);
        var best = known
            .Select(k => (Name: k, Distance: Distance(key.ToLowerInvariant(), k.ToLowerInvariant())))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        var allowed = Math.Max(2, key.Length / 3);
        return best.Name is not null && best.Distance <= allowed ? $" (did you mean {best.Name}?)" : "";
    }

    /// <summary>Levenshtein distance; keys are short (field names), so the quadratic table is fine.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
