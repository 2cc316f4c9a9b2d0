using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// Compiled regular expressions by pattern, shared across plan revisions so a swap does not rebuild them.
/// NonBacktracking keeps matching linear in the input (no ReDoS); patterns are anchored at both ends as the
/// Gateway API RegularExpression match type means a full match. Size and count are bounded because building a
/// NonBacktracking regex is expensive (see PERFORMANCE.md).
/// </summary>
internal static class RegexCache
{
    public const int MaxPatternLength = 1024;
    public const int MaxPatterns = 2048;

    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static Regex Get(string pattern)
    {
        if (Cache.TryGetValue(pattern, out var regex))
        {
            return regex;
        }

        if (pattern.Length > MaxPatternLength)
        {
            throw new RouteCompileException($"regular expression longer than {MaxPatternLength} characters");
        }

        if (Cache.Count >= MaxPatterns)
        {
            Cache.Clear(); // patterns of old revisions; the current ones are rebuilt on demand
        }

        try
        {
            regex = new Regex($"^(?:{pattern})$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new RouteCompileException($"invalid regular expression '{pattern}': {e.Message}");
        }

        return Cache.GetOrAdd(pattern, regex);
    }
}
