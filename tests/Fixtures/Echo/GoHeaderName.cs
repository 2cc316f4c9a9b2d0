namespace GitGateway.Fixtures.Echo;

/// <summary>
/// Header names as Go's <c>textproto.CanonicalMIMEHeaderKey</c> writes them (<c>x-header-set</c> →
/// <c>X-Header-Set</c>), because the conformance client compares the echoed names that way.
/// </summary>
internal static class GoHeaderName
{
    public static string Canonical(string name)
    {
        foreach (var c in name)
        {
            // Go leaves names with characters outside the token set unchanged.
            if (c == ' ' || c > 127)
            {
                return name;
            }
        }

        var chars = name.ToCharArray();
        var upper = true;
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = upper ? char.ToUpperInvariant(chars[i]) : char.ToLowerInvariant(chars[i]);
            upper = chars[i] == '-';
        }

        return new string(chars);
    }
}
