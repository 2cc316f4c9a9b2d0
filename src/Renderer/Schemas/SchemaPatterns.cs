namespace GitGateway.Renderer.Schemas;

/// <summary>
/// Hand checks for the schema patterns every manifest meets (names, namespaces, kinds, groups, hostnames, header
/// names of the Gateway API CRDs), each accepting exactly the strings its regular expression matches, so the schema
/// pass checks them without a regex. Like the regex, <c>$</c> also matches before one final line feed (the control
/// character is reported by the schema pass first). <c>SchemaPatternsTests</c> holds each check to its regex over
/// generated strings, hostile ones included; any other pattern is matched by its regex
/// (<see cref="SchemaNode.PatternRegex"/>).
/// </summary>
internal static class SchemaPatterns
{
    /// <summary>An RFC 9110 token, as the CRDs' header name pattern writes it.</summary>
    public const string Token = @"^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$";

    /// <summary>A Kubernetes kind: a letter, then letters, digits and dashes, ending in a letter or digit.</summary>
    public const string Kind = "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$";

    /// <summary>An RFC 1123 label (a namespace).</summary>
    public const string Label = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /// <summary>An RFC 1123 subdomain (a section name).</summary>
    public const string Subdomain = @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /// <summary>An RFC 1123 subdomain or empty (a group).</summary>
    public const string SubdomainOrEmpty = @"^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /// <summary>An RFC 1123 subdomain with an optional leading <c>*.</c> (a hostname).</summary>
    public const string Hostname = @"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    private const string TokenSymbols = "!#$%&'*+-.^_`|~";

    /// <summary>The hand check of <paramref name="pattern"/>, or null when the pattern has none.</summary>
    public static Func<string, bool>? For(string pattern) => pattern switch
    {
        Token => v => AtEnd(v, IsToken),
        Kind => v => AtEnd(v, IsKind),
        Label => v => AtEnd(v, IsLabel),
        Subdomain => v => AtEnd(v, IsSubdomain),
        SubdomainOrEmpty => v => AtEnd(v, s => s.IsEmpty || IsSubdomain(s)),
        Hostname => v => AtEnd(v, s => IsSubdomain(s.StartsWith("*.") ? s[2..] : s)),
        _ => null,
    };

    // A pattern anchored by ^ and $ matches the whole string, or the string less one final line feed.
    private static bool AtEnd(string value, Func<ReadOnlySpan<char>, bool> whole) =>
        whole(value) || (value.EndsWith('\n') && whole(value.AsSpan(0, value.Length - 1)));

    private static bool IsToken(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !TokenSymbols.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }

    private static bool IsKind(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || !char.IsAsciiLetter(s[0]) || s[^1] == '-')
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLabel(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s[0] == '-' || s[^1] == '-')
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterLower(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSubdomain(ReadOnlySpan<char> s)
    {
        while (true)
        {
            var dot = s.IndexOf('.');
            if (!IsLabel(dot < 0 ? s : s[..dot]))
            {
                return false;
            }

            if (dot < 0)
            {
                return true;
            }

            s = s[(dot + 1)..];
        }
    }
}
