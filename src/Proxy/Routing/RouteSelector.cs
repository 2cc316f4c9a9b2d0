using Microsoft.AspNetCore.Connections.Features;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// Routes a request on a compiled table: port → listener (by SNI on TLS, else by Host) → virtual host (by Host)
/// → entry. On TLS, a Host that belongs to another listener than the one the SNI chose is answered 421
/// Misdirected Request (RFC 9110 §15.5.20; Gateway API GatewayHTTPSListenerDetectMisdirectedRequests). A request
/// whose first-ranked candidate could not be decided (a regular expression timed out with no linear automaton left)
/// is answered 503: never routed to a later entry, which may be less strict.
/// </summary>
internal static class RouteSelector
{
    /// <summary>Routes on the server's decoded path (for callers that replay a request rather than serve one).</summary>
    public static RouteSelection Select(RouteTable table, int planPort, HttpContext context, bool tls)
    {
        var path = context.Request.Path.Value;
        return Select(table, planPort, context, tls, string.IsNullOrEmpty(path) ? "/" : path);
    }

    /// <summary>Routes on <paramref name="path"/>, the normalised path (<see cref="PathNormalizer"/>).</summary>
    public static RouteSelection Select(RouteTable table, int planPort, HttpContext context, bool tls, string path)
    {
        var port = table.Port(planPort);
        if (port is null)
        {
            return new RouteSelection(StatusCodes.Status404NotFound, null, null, path);
        }

        var host = HostnameMap<ListenerTable>.HostWithoutPort(context.Request.Headers.Host.ToString());
        var listener = port.Select(host);
        if (tls)
        {
            var sni = context.Features.Get<ITlsHandshakeFeature>()?.HostName;
            if (!string.IsNullOrEmpty(sni))
            {
                var bySni = port.Select(sni);
                if (!ReferenceEquals(bySni, listener) || (bySni is not null && !bySni.Accepts(host)))
                {
                    return new RouteSelection(StatusCodes.Status421MisdirectedRequest, bySni, null, path);
                }
            }
        }

        var unanswerable = false;
        var entry = listener?.Hosts.Find(host)?.Match(context.Request, path, out unanswerable);
        return entry is not null ? new RouteSelection(StatusCodes.Status200OK, listener, entry, path)
            : unanswerable ? new RouteSelection(StatusCodes.Status503ServiceUnavailable, listener, null, path, Unanswerable: true)
            : new RouteSelection(StatusCodes.Status404NotFound, listener, null, path);
    }
}
