using System.Buffers;
using System.Collections.Frozen;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// A hand-written prefilter for chained shell commands: finds a command separator (<c>;</c>, <c>|</c>, <c>||</c>,
/// <c>&amp;&amp;</c>, newline, backtick, <c>$(</c>, <c>${</c>) followed by the name of a command attackers run. Values
/// with separators but no such command (a browser's User-Agent is full of ';') never reach the regular expression.
/// </summary>
internal static class WafShellScanner
{
    private static readonly SearchValues<char> Separators = SearchValues.Create(";|&\n`$");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Commands = new[]
    {
        "wget", "curl", "nc", "ncat", "netcat", "bash", "sh", "zsh", "ksh", "dash", "chmod", "chown", "python", "python2", "python3", "perl", "ruby",
        "php", "powershell", "pwsh", "busybox", "telnet", "socat", "base64", "xxd", "tftp", "rm", "mkfifo", "nohup", "cat", "tac", "head", "tail",
        "more", "less", "nl", "od", "strings", "id", "whoami", "uname", "pwd", "ifconfig", "ipconfig", "hostname", "printenv", "ls", "ps", "netstat",
        "ifs",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The index of the first separator that a listed command follows, or -1.</summary>
    public static int FindCommand(ReadOnlySpan<char> value)
    {
        var offset = 0;
        int at;
        while ((at = value[offset..].IndexOfAny(Separators)) >= 0)
        {
            at += offset;
            offset = at + 1;
            var next = AfterSeparator(value, at);
            if (next < 0)
            {
                continue;
            }

            var word = value[next..];
            word = word[..(word.IndexOfAnyExcept(WordChars) is var end and >= 0 ? end : word.Length)];
            if (!word.IsEmpty && Commands.Contains(word))
            {
                return at;
            }
        }

        return -1;
    }

    private static readonly SearchValues<char> WordChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    /// <summary>Where the command name would start after the separator at <paramref name="at"/>, or -1 when it is no separator.</summary>
    private static int AfterSeparator(ReadOnlySpan<char> value, int at)
    {
        var next = at + 1;
        var following = next < value.Length ? value[next] : '\0';
        switch (value[at])
        {
            case '&' when following != '&':
                return -1;
            case '&':
            case '|' when following == '|':
            case '$' when following is '(' or '{':
                next++;
                break;
            case '$':
                break; // $IFS
        }

        while (next < value.Length && char.IsWhiteSpace(value[next]))
        {
            next++;
        }

        return next;
    }
}
