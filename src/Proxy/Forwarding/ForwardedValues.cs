using System.Net;
using Microsoft.Extensions.Primitives;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// The X-Forwarded-* values a backend gets. At the edge (the peer is not a trusted proxy) they come from the
/// connection alone: X-Forwarded-For is the peer's address, -Proto the scheme, -Host the client's Host, -Port the
/// Gateway port, whatever the client sent. From a trusted peer the last <see cref="UpstreamTarget.KeptHops"/>
/// X-Forwarded-For entries are kept with the peer appended, and its -Proto/-Host/-Port are kept when present.
/// https://developer.mozilla.org/docs/Web/HTTP/Headers/X-Forwarded-For
/// </summary>
internal static class ForwardedValues
{
    /// <summary>The client's chain to keep before the peer's address, or null (edge, or nothing sent).</summary>
    public static string? KeptChain(HttpContext context, int hops)
    {
        if (hops <= 0)
        {
            return null;
        }

        var sent = context.Request.Headers["X-Forwarded-For"];
        if (sent.Count == 0)
        {
            return null;
        }

        var chain = sent.Count == 1 ? sent.ToString() : string.Join(", ", sent.ToArray());
        var start = chain.Length;
        for (var kept = 0; kept < hops && start > 0; kept++)
        {
            start = chain.LastIndexOf(',', start - 1) is var comma and >= 0 ? comma : 0;
        }

        var tail = chain.AsSpan(start == 0 ? 0 : start + 1).Trim();
        return tail.Length == 0 || tail.IndexOfAny('\r', '\n', '\0') >= 0 ? null : tail.ToString();
    }

    /// <summary>The peer's address as X-Forwarded-For writes it (IPv4-mapped addresses as IPv4).</summary>
    public static IPAddress? Peer(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote && remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : context.Connection.RemoteIpAddress;

    /// <summary>A trusted peer's own value of <paramref name="name"/>, or null.</summary>
    public static string? Trusted(HttpContext context, int hops, string name)
    {
        if (hops <= 0)
        {
            return null;
        }

        StringValues sent = context.Request.Headers[name];
        var value = sent.Count == 0 ? null : sent[^1];
        return string.IsNullOrEmpty(value) || value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0 ? null : value;
    }
}
