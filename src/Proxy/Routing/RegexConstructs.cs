namespace GitGateway.Proxy.Routing;

/// <summary>
/// Finds the constructs that linear-time matching (<see cref="System.Text.RegularExpressions.RegexOptions.NonBacktracking"/>)
/// cannot run — backreferences, lookarounds, atomic groups, conditionals, balancing groups, <c>\G</c> — without
/// building the automaton, which costs milliseconds and about a megabyte per pattern. The node refuses them, as the
/// renderer does (its RegexValidator asks the engine itself), so that every pattern it accepts can later be built
/// linear. A scan of the pattern's text: escapes and character classes are skipped, inline comments too; under
/// <c>(?x)</c> a construct inside a <c>#</c> comment is still reported, which only refuses a pattern the engine
/// would have taken (tests compare the scan with the engine on a list of patterns).
/// </summary>
internal static class RegexConstructs
{
    /// <summary>The first unsupported construct, described, or null when there is none.</summary>
    public static string? FindUnsupported(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    if (Escape(pattern, i) is { } escape)
                    {
                        return escape;
                    }

                    i++;
                    break;
                case '[':
                    i = SkipClass(pattern, i);
                    break;
                case '(' when i + 1 < pattern.Length && pattern[i + 1] == '?':
                    if (Group(pattern, i + 2) is { } group)
                    {
                        return group;
                    }

                    if (i + 2 < pattern.Length && pattern[i + 2] == '#')
                    {
                        var end = pattern.IndexOf(')', i + 2);
                        i = end < 0 ? pattern.Length : end;
                    }

                    break;
            }
        }

        return null;
    }

    private static string? Escape(string pattern, int at)
    {
        if (at + 1 >= pattern.Length)
        {
            return null;
        }

        return pattern[at + 1] switch
        {
            >= '1' and <= '9' or 'k' => "a backreference",
            'G' => @"the \G anchor",
            _ => null,
        };
    }

    private static string? Group(string pattern, int at)
    {
        if (at >= pattern.Length)
        {
            return null;
        }

        var next = at + 1 < pattern.Length ? pattern[at + 1] : '\0';
        switch (pattern[at])
        {
            case '=' or '!':
                return "a lookahead";
            case '>':
                return "an atomic group";
            case '(':
                return "a conditional";
            case '<' when next is '=' or '!':
                return "a lookbehind";
            case '<' or '\'':
                var close = pattern.IndexOf(pattern[at] == '<' ? '>' : '\'', at + 1);
                return close > at && pattern.AsSpan(at + 1, close - at - 1).Contains('-') ? "a balancing group" : null;
            default:
                return null;
        }
    }

    /// <summary>The index of the <c>]</c> that closes the class opened at <paramref name="open"/> (nested subtractions included).</summary>
    private static int SkipClass(string pattern, int open)
    {
        var depth = 0;
        var i = open;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '[' && (i == open || pattern[i - 1] == '-'))
            {
                depth++;
                i++;
                if (i < pattern.Length && pattern[i] == '^')
                {
                    i++;
                }

                if (i < pattern.Length && pattern[i] == ']')
                {
                    i++; // a ']' first in a class is a literal
                }

                continue;
            }

            if (c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == ']' && --depth == 0)
            {
                return i;
            }

            i++;
        }

        return pattern.Length;
    }
}
