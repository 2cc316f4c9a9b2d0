using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// Checks regular expressions the way the proxy will run them: .NET syntax with
/// <see cref="RegexOptions.NonBacktracking"/> (linear time, so no catastrophic backtracking), at most
/// <see cref="MaxLength"/> characters. Backreferences, lookarounds, atomic groups and conditionals cannot run
/// without backtracking and are rejected with a message saying so. Results are cached by pattern.
/// Building a linear-time matcher costs about 2 ms and 1 MB per pattern (most of a 10,000-route render whose fifth
/// uses regexes), so a pattern that cannot hold what linear-time matching refuses is only parsed
/// (<see cref="ParsingSuffices"/>); any other pattern, and any that does not parse, is built the linear-time way,
/// so that every message stays the one that construction gives.
/// </summary>
internal static class RegexValidator
{
    /// <summary>The longest pattern accepted.</summary>
    public const int MaxLength = 1024;

    private static readonly ConcurrentDictionary<string, string?> Cache = new(StringComparer.Ordinal);

    /// <summary>Returns null when the pattern is usable, else (code, message).</summary>
    public static (string Code, string Message)? Check(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length > MaxLength)
        {
            return ("InvalidRegex", $"the regular expression is {pattern.Length} characters long; the limit is {MaxLength}");
        }

        if (Cache.Count > 10_000)
        {
            Cache.Clear();
        }

        var problem = Cache.GetOrAdd(pattern, Compile);
        if (problem is null)
        {
            return null;
        }

        return problem.StartsWith("unsupported:", StringComparison.Ordinal)
            ? ("UnsupportedRegex", problem["unsupported:".Length..])
            : ("InvalidRegex", problem);
    }

    /// <summary>How many patterns were checked by building a linear-time matcher (the slow path); for tests.</summary>
    internal static int Built => _built;

    private static int _built;

    /// <summary>
    /// Whether parsing alone answers for <paramref name="pattern"/>: it holds none of what linear-time matching
    /// refuses or may refuse, namely no <c>(?</c> group of any kind (lookarounds, atomic groups, conditionals,
    /// balancing groups all start so), no backreference (<c>\1</c>–<c>\9</c>, <c>\k</c>), no <c>\G</c>, and no
    /// <c>{</c> (counted loops, whose unfolding is what the matcher's size limit refuses). Conservative: a pattern
    /// that fails this is simply built.
    /// </summary>
    internal static bool ParsingSuffices(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var next = i + 1 < pattern.Length ? pattern[i + 1] : '\0';
            if (c == '{' || c == '(' && next == '?' || c == '\\' && (next is >= '1' and <= '9' or 'k' or 'G'))
            {
                return false;
            }

            i += c == '\\' ? 1 : 0; // an escaped character is never the start of a construct
        }

        return true;
    }

    private static string? Compile(string pattern)
    {
        if (ParsingSuffices(pattern))
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                return null;
            }
            catch (ArgumentException)
            {
                // Built below, for the message of the linear-time construction.
            }
        }

        Interlocked.Increment(ref _built);
        try
        {
            _ = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (NotSupportedException ex)
        {
            return "unsupported:the regular expression uses a construct that linear-time matching cannot run "
                + "(backreferences, lookahead/lookbehind, atomic groups, conditionals): rewrite it without them (" + ex.Message + ")";
        }
        catch (ArgumentException ex)
        {
            return "the regular expression does not parse: " + ex.Message;
        }
    }
}
