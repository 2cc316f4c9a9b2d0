using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// Checks regular expressions the way the proxy will run them: .NET syntax with
/// <see cref="RegexOptions.NonBacktracking"/> (linear time, so no catastrophic backtracking), at most
/// <see cref="MaxLength"/> characters. Backreferences, lookarounds, atomic groups and conditionals cannot run
/// without backtracking and are rejected with a message saying so. Compiled results are cached by pattern.
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

    private static string? Compile(string pattern)
    {
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
