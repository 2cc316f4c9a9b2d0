namespace GitGateway.Proxy.Routing;

/// <summary>
/// The text every path a full-match pattern accepts must start with: its leading literal characters, cut before a
/// quantified one, and nothing when an alternation at the top level could start elsewhere (or a comment could hide one). A regex route's path is
/// then indexed under the directory part of this prefix (<see cref="VirtualHostTable"/>), so a request tries only the
/// patterns whose fixed start it shares, instead of every pattern of the host.
/// </summary>
internal static class RegexLiteralPrefix
{
    private const string Special = "\\.[](){}*+?|^$# \t\r\n";

    public static string Of(string pattern)
    {
        // '#' may open a comment ((?#…), or to the end of the line under (?x)) that this scan would misread.
        if (pattern.Contains('#', StringComparison.Ordinal) || HasTopLevelAlternation(pattern))
        {
            return "";
        }

        var end = 0;
        while (end < pattern.Length && !Special.Contains(pattern[end], StringComparison.Ordinal))
        {
            end++;
        }

        if (end < pattern.Length && pattern[end] is '*' or '+' or '?' or '{' && end > 0)
        {
            end--; // the last literal is quantified: it may repeat or be absent
        }

        return pattern[..end];
    }

    /// <summary>The prefix up to its last <c>/</c>: the deepest path a matching request must pass through.</summary>
    public static string? Directory(string pattern)
    {
        var prefix = Of(pattern);
        var slash = prefix.LastIndexOf('/');
        return prefix.Length > 0 && prefix[0] == '/' ? prefix[..Math.Max(slash, 1)] : null;
    }

    private static bool HasTopLevelAlternation(string pattern)
    {
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    for (i++; i < pattern.Length && pattern[i] != ']'; i++)
                    {
                        if (pattern[i] == '\\')
                        {
                            i++;
                        }
                    }

                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case '|' when depth <= 0:
                    return true;
            }
        }

        return false;
    }
}
