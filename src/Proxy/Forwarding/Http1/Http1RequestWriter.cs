using Microsoft.AspNetCore.Connections.Features;

namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// Writes the request head for an HTTP/1.1 backend, the same head the HttpClient path sends
/// (<see cref="UpstreamRequestFactory"/>): method and the raw target byte-for-byte, Host (kept unless
/// rewritten), end-to-end headers with hop-by-hop ones removed (RFC 9110 §7.6.1), X-Forwarded-For/Proto/Host,
/// and the body framing: the client's Content-Length, or chunked when a body has no length (RFC 9112 §7.1).
/// </summary>
internal static class Http1RequestWriter
{
    public static void Write(HttpContext context, in UpstreamTarget target, bool chunked, Http1HeadBuilder head)
    {
        var request = context.Request;
        head.Append(request.Method);
        head.Append(" "u8);
        head.Append(target.PathAndQuery);
        head.Append(" HTTP/1.1\r\nHost: "u8);
        head.Append(target.Host);
        head.Append("\r\n"u8);
        var forwardedHost = false;
        foreach (var header in request.Headers)
        {
            var name = header.Key;
            if (HopByHopHeaders.Contains(name) || IsForwardedForOrProto(name))
            {
                continue;
            }

            forwardedHost |= string.Equals(name, "X-Forwarded-Host", StringComparison.OrdinalIgnoreCase);
            var value = header.Value.Count == 1 ? header.Value.ToString() : string.Join(Separator(name), header.Value.ToArray());
            if (value.AsSpan().IndexOfAny('\r', '\n', '\0') < 0)
            {
                head.Field(name, value);
            }
        }

        AddForwarded(context, head, forwardedHost ? null : target.OriginalHost);
        if (chunked)
        {
            head.Append("Transfer-Encoding: chunked\r\n"u8);
        }

        head.Append("\r\n"u8);
    }

    private static bool IsForwardedForOrProto(string name) =>
        name.Length is 15 or 17 && (string.Equals(name, "X-Forwarded-For", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "X-Forwarded-Proto", StringComparison.OrdinalIgnoreCase));

    // Cookie values join with "; " (RFC 9113 §8.2.3 splits them that way), every other list with ", ".
    private static string Separator(string name) => string.Equals(name, "Cookie", StringComparison.OrdinalIgnoreCase) ? "; " : ", ";

    private static void AddForwarded(HttpContext context, Http1HeadBuilder head, string? originalHost)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is not null)
        {
            head.Append("X-Forwarded-For: "u8);
            var existing = context.Request.Headers["X-Forwarded-For"];
            if (existing.Count > 0)
            {
                head.Append(existing.ToString());
                head.Append(", "u8);
            }

            head.Append(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
            head.Append("\r\n"u8);
        }

        head.Append(context.Features.Get<ITlsHandshakeFeature>() is null ? "X-Forwarded-Proto: http\r\n"u8 : "X-Forwarded-Proto: https\r\n"u8);
        if (originalHost is not null)
        {
            head.Field("X-Forwarded-Host", originalHost);
        }
    }
}
