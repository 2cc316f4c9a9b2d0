namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// Writes the request head for an HTTP/1.1 backend, the same head the HttpClient path sends
/// (<see cref="UpstreamRequestFactory"/>): method and the normalised target, Host (kept unless rewritten),
/// end-to-end headers with hop-by-hop ones removed (RFC 9110 §7.6.1), X-Forwarded-For/Proto/Host/Port
/// (<see cref="ForwardedValues"/>), and the body framing: the client's Content-Length, or chunked when a body has
/// no length (RFC 9112 §7.1). No field it writes holds CR, LF or NUL (<see cref="Http1FieldGuard"/>).
/// </summary>
internal static class Http1RequestWriter
{
    public static void Write(HttpContext context, in UpstreamTarget target, bool chunked, Http1HeadBuilder head)
    {
        var request = context.Request;
        Http1FieldGuard.EnsureRequestLine(request.Method, target.PathAndQuery, target.Host);
        head.Append(request.Method);
        head.Append(" "u8);
        head.Append(target.PathAndQuery);
        head.Append(" HTTP/1.1\r\nHost: "u8);
        head.Append(target.Host);
        head.Append("\r\n"u8);
        var trusted = target.KeptHops > 0;
        foreach (var header in request.Headers)
        {
            var name = header.Key;
            var role = RequestHeaderRoles.Of(name);
            if (role is HeaderRole.HopByHop or HeaderRole.XForwarded || (role == HeaderRole.ClientClaim && !trusted))
            {
                continue;
            }

            var value = header.Value.Count == 1 ? header.Value.ToString() : string.Join(Separator(name), header.Value.ToArray());
            if (Http1FieldGuard.IsSafe(name, value))
            {
                head.Field(name, value);
            }
        }

        AddForwarded(context, target, head);
        if (chunked)
        {
            head.Append("Transfer-Encoding: chunked\r\n"u8);
        }

        head.Append("\r\n"u8);
    }

    // Cookie values join with "; " (RFC 9113 §8.2.3 splits them that way), every other list with ", ".
    private static string Separator(string name) => string.Equals(name, "Cookie", StringComparison.OrdinalIgnoreCase) ? "; " : ", ";

    private static void AddForwarded(HttpContext context, in UpstreamTarget target, Http1HeadBuilder head)
    {
        if (ForwardedValues.Peer(context) is { } peer)
        {
            head.Append("X-Forwarded-For: "u8);
            if (ForwardedValues.KeptChain(context, target.KeptHops) is { } chain)
            {
                head.Append(chain);
                head.Append(", "u8);
            }

            head.Append(peer);
            head.Append("\r\n"u8);
        }

        if (ForwardedValues.Trusted(context, target.KeptHops, "X-Forwarded-Proto") is { } proto)
        {
            head.Field("X-Forwarded-Proto", proto);
        }
        else
        {
            head.Append(target.Tls ? "X-Forwarded-Proto: https\r\n"u8 : "X-Forwarded-Proto: http\r\n"u8);
        }

        head.Field("X-Forwarded-Host", ForwardedValues.Trusted(context, target.KeptHops, "X-Forwarded-Host") ?? target.OriginalHost);
        head.Append("X-Forwarded-Port: "u8);
        if (ForwardedValues.Trusted(context, target.KeptHops, "X-Forwarded-Port") is { } port)
        {
            head.Append(port);
        }
        else
        {
            head.Append(target.Port);
        }

        head.Append("\r\n"u8);
    }
}
