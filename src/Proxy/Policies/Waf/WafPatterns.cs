using System.Buffers;
using System.Text.RegularExpressions;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// How rule matchers are built: regular expressions are <see cref="RegexOptions.NonBacktracking"/> (linear in the
/// input, so no pattern can be made to take exponential time), case-insensitive; word lists are vectorised
/// <see cref="SearchValues{T}"/>, case-insensitive.
/// </summary>
internal static class WafPatterns
{
    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    public static Regex Regex(string pattern) => new(pattern, Options);

    /// <summary>A word list for <see cref="WafRule.Keywords"/> (searched case-insensitively).</summary>
    public static string[] Words(params string[] words) => words;

    public static SearchValues<string> Search(IEnumerable<string> words) => SearchValues.Create([.. words.Distinct(StringComparer.OrdinalIgnoreCase)], StringComparison.OrdinalIgnoreCase);

    /// <summary>How many characters of <paramref name="value"/> are in <paramref name="set"/>, counting no further than <paramref name="enough"/>.</summary>
    public static int Count(ReadOnlySpan<char> value, SearchValues<char> set, int enough)
    {
        var count = 0;
        int at;
        while (count < enough && (at = value.IndexOfAny(set)) >= 0)
        {
            count++;
            value = value[(at + 1)..];
        }

        return count;
    }
}
