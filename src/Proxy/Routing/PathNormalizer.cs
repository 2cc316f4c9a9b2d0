using System.Buffers;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// The request path a node matches, authorises and forwards, normalised as Envoy Gateway configures Envoy by
/// default: percent-encoded unreserved characters decoded (RFC 3986 §2.3), other escapes kept with upper-case hex
/// (§6.2.2.1), repeated slashes merged, dot segments removed (§5.2.4). An encoded slash or backslash is never
/// decoded (<see cref="EscapedSlashAction"/>); a broken escape, a control, space, backslash or non-ASCII
/// character, or a ".." above the root, makes the path unnormalisable (400). An already-normal path is returned without allocating.
/// </summary>
internal static class PathNormalizer
{
    private const int StackLimit = 512;

    // RFC 3986 pchar and "/", without "%": a path made only of these needs no decoding.
    private static readonly SearchValues<char> PlainPathChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/");

    /// <summary>
    /// Splits <paramref name="rawTarget"/> (origin form) into the normalised path and the target to forward (the
    /// normalised path and the raw query). <paramref name="decodedPath"/> is the server's own decoded path, reused
    /// when it equals the raw one so that a normal path with a query allocates nothing. False: answer 400.
    /// </summary>
    public static bool TryNormalizeTarget(string rawTarget, string? decodedPath, EscapedSlashAction escapedSlashes, out string path, out string pathAndQuery)
    {
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = query < 0 ? rawTarget.AsSpan() : rawTarget.AsSpan(0, query);
        if (IsNormal(rawPath))
        {
            path = query < 0 ? rawTarget
                : decodedPath is not null && rawPath.SequenceEqual(decodedPath) ? decodedPath
                : rawPath.ToString();
            pathAndQuery = rawTarget;
            return true;
        }

        if (Normalize(rawPath, escapedSlashes) is not { } normalized)
        {
            path = pathAndQuery = "";
            return false;
        }

        path = normalized;
        pathAndQuery = query < 0 ? normalized : string.Concat(normalized, rawTarget.AsSpan(query));
        return true;
    }

    /// <summary>True when <paramref name="path"/> is already what <see cref="Normalize"/> would return.</summary>
    public static bool IsNormal(ReadOnlySpan<char> path)
    {
        if (path.Length == 0 || path[0] != '/' || path.ContainsAnyExcept(PlainPathChars) || path.Contains("//", StringComparison.Ordinal))
        {
            return false;
        }

        // A "/." that starts a "." or ".." segment; "/.well-known" and "/a.b" are normal.
        for (var at = path.IndexOf("/.", StringComparison.Ordinal); at >= 0; at = NextDot(path, at))
        {
            var rest = path[(at + 2)..];
            if (rest.Length == 0 || rest[0] == '/' || (rest[0] == '.' && (rest.Length == 1 || rest[1] == '/')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The normalised path, or null when it cannot be normalised.</summary>
    public static string? Normalize(ReadOnlySpan<char> path, EscapedSlashAction escapedSlashes)
    {
        char[]? rented = null;
        var buffer = path.Length + 1 <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(path.Length + 1));
        try
        {
            var length = Decode(path, buffer, escapedSlashes);
            var normal = length < 0 ? -1 : RemoveDotSegments(buffer[..length]);
            return normal < 0 ? null : new string(buffer[..normal]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static int NextDot(ReadOnlySpan<char> path, int at)
    {
        var next = path[(at + 1)..].IndexOf("/.", StringComparison.Ordinal);
        return next < 0 ? -1 : at + 1 + next;
    }

    /// <summary>
    /// Decodes unreserved escapes, upper-cases the others and merges slashes into <paramref name="output"/>, which
    /// always starts with "/"; -1 when the path holds a broken escape or a character no path may carry.
    /// </summary>
    private static int Decode(ReadOnlySpan<char> path, Span<char> output, EscapedSlashAction escapedSlashes)
    {
        var written = 0;
        output[written++] = '/';
        for (var i = path.Length > 0 && path[0] == '/' ? 1 : 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '%')
            {
                if (i + 2 >= path.Length || !char.IsAsciiHexDigit(path[i + 1]) || !char.IsAsciiHexDigit(path[i + 2]))
                {
                    return -1;
                }

                var value = (char)((HexValue(path[i + 1]) << 4) | HexValue(path[i + 2]));
                i += 2;
                if (IsUnreserved(value))
                {
                    output[written++] = value;
                    continue;
                }

                if ((value is '/' or '\\') && escapedSlashes == EscapedSlashAction.Reject)
                {
                    return -1;
                }

                output[written++] = '%';
                output[written++] = char.ToUpperInvariant(path[i - 1]);
                output[written++] = char.ToUpperInvariant(path[i]);
                continue;
            }

            if (c <= ' ' || c >= '\u007f' || c == '\\')
            {
                return -1;
            }

            if (c == '/' && output[written - 1] == '/')
            {
                continue; // merge repeated slashes
            }

            output[written++] = c;
        }

        return written;
    }

    /// <summary>
    /// RFC 3986 §5.2.4 on a path that starts with "/" and has no empty segment but a last one, in place; -1 when a
    /// ".." would climb above the root (the RFC stops there; nginx refuses the request).
    /// </summary>
    private static int RemoveDotSegments(Span<char> path)
    {
        var written = 0;
        var at = 0;
        while (at < path.Length)
        {
            var start = at + 1;
            var next = path[start..].IndexOf('/');
            var end = next < 0 ? path.Length : start + next;
            var segment = path[start..end];
            var last = end == path.Length;
            if (segment is ".")
            {
                if (last)
                {
                    path[written++] = '/';
                }
            }
            else if (segment is "..")
            {
                if (written == 0)
                {
                    return -1; // above the root: nginx answers 400, and so does the node
                }

                written = path[..written].LastIndexOf('/');
                if (last)
                {
                    path[written++] = '/';
                }
            }
            else
            {
                path[written++] = '/';
                segment.CopyTo(path[written..]);
                written += segment.Length;
            }

            at = end;
        }

        if (written == 0)
        {
            path[written++] = '/';
        }

        return written;
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
