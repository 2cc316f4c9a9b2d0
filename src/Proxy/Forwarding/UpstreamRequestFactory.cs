using System.Net;
using Microsoft.AspNetCore.Http.Features;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Builds the request to a backend from the client's: method, the normalised path and the raw query (no
/// re-encoding), end-to-end headers, Host (kept unless rewritten), X-Forwarded-For/Proto/Host/Port
/// (<see cref="ForwardedValues"/>) and a streamed body. The body's
/// Content-Length is the client's when it sent one; without it HTTP/1.1 upstreams get a chunked body.
/// </summary>
internal static class UpstreamRequestFactory
{
    private static readonly UriCreationOptions RawUri = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>The request for one try; <paramref name="body"/> is null for a request without a body.</summary>
    public static HttpRequestMessage Create(HttpContext context, in UpstreamTarget target, Stream? body, CancellationToken cancellationToken) =>
        Create(context, target, body is null ? null : new StreamingBodyContent(body, cancellationToken));

    /// <summary>The request with a body content of the caller's (null for none).</summary>
    public static HttpRequestMessage Create(HttpContext context, in UpstreamTarget target, HttpContent? content)
    {
        var request = context.Request;
        var message = new HttpRequestMessage(HttpMethod.Parse(request.Method), new Uri(target.Origin + target.PathAndQuery, RawUri))
        {
            Version = target.Http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        message.Content = content;
        CopyHeaders(request.Headers, message, target.Http2, target.KeptHops > 0);
        message.Headers.Host = target.Host;
        AddForwarded(context, message, target);
        if (target.Upgrade is { } upgrade)
        {
            message.Headers.TryAddWithoutValidation("Connection", "Upgrade");
            message.Headers.TryAddWithoutValidation("Upgrade", upgrade);
        }

        return message;
    }

    /// <summary>Whether the client sends a body (Content-Length above 0, chunked, or an HTTP/2 stream left open).</summary>
    public static bool HasBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? (context.Request.ContentLength > 0);

    private static void CopyHeaders(IHeaderDictionary headers, HttpRequestMessage message, bool http2, bool trusted)
    {
        foreach (var header in headers)
        {
            var name = header.Key;
            var role = RequestHeaderRoles.Of(name);
            if (role == HeaderRole.XForwarded || (role == HeaderRole.ClientClaim && !trusted))
            {
                continue;
            }

            if (role == HeaderRole.HopByHop)
            {
                // gRPC needs "te: trailers" end to end on HTTP/2 (RFC 9113 §8.2.2 allows exactly that value).
                if (http2 && string.Equals(name, "TE", StringComparison.OrdinalIgnoreCase) && string.Equals(header.Value.ToString(), "trailers", StringComparison.OrdinalIgnoreCase))
                {
                    message.Headers.TryAddWithoutValidation("TE", "trailers");
                }

                continue;
            }

            var value = header.Value;
            var added = value.Count == 1
                ? message.Headers.TryAddWithoutValidation(name, value.ToString())
                : message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
            if (!added && message.Content is not null)
            {
                if (value.Count == 1)
                {
                    message.Content.Headers.TryAddWithoutValidation(name, value.ToString());
                }
                else
                {
                    message.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
                }
            }
        }
    }

    private static void AddForwarded(HttpContext context, HttpRequestMessage message, in UpstreamTarget target)
    {
        var headers = message.Headers;
        if (ForwardedValues.Peer(context) is { } peer)
        {
            var address = peer.ToString();
            headers.TryAddWithoutValidation("X-Forwarded-For", ForwardedValues.KeptChain(context, target.KeptHops) is { } chain ? chain + ", " + address : address);
        }

        headers.TryAddWithoutValidation("X-Forwarded-Proto", ForwardedValues.Trusted(context, target.KeptHops, "X-Forwarded-Proto") ?? (target.Tls ? "https" : "http"));
        headers.TryAddWithoutValidation("X-Forwarded-Host", ForwardedValues.Trusted(context, target.KeptHops, "X-Forwarded-Host") ?? target.OriginalHost);
        headers.TryAddWithoutValidation("X-Forwarded-Port", ForwardedValues.Trusted(context, target.KeptHops, "X-Forwarded-Port") ?? target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
