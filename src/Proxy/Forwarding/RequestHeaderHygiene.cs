namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Cleans the client's request headers before routing, so that matching, policies and the backend all see the
/// same request: the headers the client named in <c>Connection</c> are removed (RFC 9110 §7.6.1: they were for
/// the hop to this node), and headers named with an underscore are dropped or refused (<see cref="UnderscoreHeaderAction"/>).
/// Headers the node adds later (JWT claims, header filters) are not touched.
/// </summary>
internal static class RequestHeaderHygiene
{
    /// <summary>False when the request is to be answered 400.</summary>
    public static bool Apply(IHeaderDictionary headers, UnderscoreHeaderAction underscores)
    {
        RemoveConnectionNamed(headers);
        if (underscores == UnderscoreHeaderAction.Allow)
        {
            return true;
        }

        List<string>? found = null;
        foreach (var header in headers)
        {
            if (header.Key.Contains('_', StringComparison.Ordinal))
            {
                if (underscores == UnderscoreHeaderAction.Reject)
                {
                    return false;
                }

                (found ??= []).Add(header.Key);
            }
        }

        if (found is not null)
        {
            foreach (var name in found)
            {
                headers.Remove(name);
            }
        }

        return true;
    }

    private static void RemoveConnectionNamed(IHeaderDictionary headers)
    {
        var connection = headers.Connection;
        if (connection.Count == 0)
        {
            return;
        }

        List<string>? named = null;
        foreach (var value in connection)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var range in value.AsSpan().Split(','))
            {
                var token = value.AsSpan(range).Trim(" \t");
                if (token.Length == 0 || token.Equals("close", StringComparison.OrdinalIgnoreCase) || token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var name = token.ToString();
                if (RequestHeaderRoles.Of(name) == HeaderRole.EndToEnd || RequestHeaderRoles.Of(name) == HeaderRole.ClientClaim)
                {
                    (named ??= []).Add(name); // hop-by-hop ones (Upgrade) are never forwarded anyway
                }
            }
        }

        if (named is not null)
        {
            foreach (var name in named)
            {
                headers.Remove(name);
            }
        }
    }
}
