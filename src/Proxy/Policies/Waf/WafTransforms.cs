namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// The transformations a value goes through before rules see it (the ones evasions rely on): percent-decoding,
/// once more for double encoding, and compacting SQL comments and unusual whitespace into one space
/// (<c>UNION/**/SELECT</c>, <c>OR\t1=1</c>). Each writes into a caller's buffer, never longer than its input.
/// </summary>
internal static class WafTransforms
{
    /// <summary>Percent-decodes <paramref name="source"/> (RFC 3986 §2.1; with <paramref name="plusAsSpace"/> also form
    /// encoding's '+'). Invalid escapes and invalid UTF-8 stay as they are.</summary>
    public static int Decode(ReadOnlySpan<char> source, Span<char> destination, bool plusAsSpace)
    {
        // A '+' cannot sit inside a multi-byte UTF-8 escape sequence, so the parts between them decode on their own.
        var written = 0;
        while (true)
        {
            var plus = plusAsSpace ? source.IndexOf('+') : -1;
            written += Unescape(plus < 0 ? source : source[..plus], destination[written..]);
            if (plus < 0)
            {
                return written;
            }

            destination[written++] = ' ';
            source = source[(plus + 1)..];
        }
    }

    public static bool HasEscape(ReadOnlySpan<char> value)
    {
        int at;
        while ((at = value.IndexOf('%')) >= 0)
        {
            if (at + 2 < value.Length && char.IsAsciiHexDigit(value[at + 1]) && char.IsAsciiHexDigit(value[at + 2]))
            {
                return true;
            }

            value = value[(at + 1)..];
        }

        return false;
    }

    public static bool HasInvalidEscape(ReadOnlySpan<char> value)
    {
        int at;
        while ((at = value.IndexOf('%')) >= 0)
        {
            if (at + 2 >= value.Length || !char.IsAsciiHexDigit(value[at + 1]) || !char.IsAsciiHexDigit(value[at + 2]))
            {
                return true;
            }

            value = value[(at + 3)..];
        }

        return false;
    }

    /// <summary>Whether <see cref="Compact"/> would change anything: a comment opener, or whitespace other than single spaces.</summary>
    public static bool NeedsCompacting(ReadOnlySpan<char> value, WafTrigger found) =>
        (found & (WafTrigger.Control | WafTrigger.Comment | WafTrigger.NonAscii | WafTrigger.Space)) != 0 && NeedsCompactingSlow(value, found);

    private static bool NeedsCompactingSlow(ReadOnlySpan<char> value, WafTrigger found) =>
        ((found & WafTrigger.Control) != 0 && value.IndexOfAny('\t', '\n', '\r') >= 0)
        || ((found & WafTrigger.Comment) != 0 && value.Contains("/*", StringComparison.Ordinal))
        || ((found & WafTrigger.NonAscii) != 0 && value.Contains('\u00a0'))
        || ((found & WafTrigger.Space) != 0 && value.Contains("  ", StringComparison.Ordinal));

    /// <summary>Replaces every <c>/* … */</c> comment (an unterminated one runs to the end) and every run of
    /// whitespace with a single space.</summary>
    public static int Compact(ReadOnlySpan<char> source, Span<char> destination)
    {
        var written = 0;
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '/' && i + 1 < source.Length && source[i + 1] == '*')
            {
                var end = source[(i + 2)..].IndexOf("*/", StringComparison.Ordinal);
                i = end < 0 ? source.Length : i + 2 + end + 2;
                written = Space(destination, written);
                continue;
            }

            if (char.IsWhiteSpace(c) || c == '\v' || c == '\f')
            {
                written = Space(destination, written);
            }
            else
            {
                destination[written++] = c;
            }

            i++;
        }

        return written;
    }

    private static int Space(Span<char> destination, int written)
    {
        if (written > 0 && destination[written - 1] == ' ')
        {
            return written;
        }

        destination[written] = ' ';
        return written + 1;
    }

    private static int Unescape(ReadOnlySpan<char> source, Span<char> destination) =>
        Uri.TryUnescapeDataString(source, destination, out var written) ? written : CopyAsIs(source, destination);

    private static int CopyAsIs(ReadOnlySpan<char> source, Span<char> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
