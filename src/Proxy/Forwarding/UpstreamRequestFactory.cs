using System.Net;
using Microsoft.AspNetCore.Http.Features;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Builds the request to a backend from the client's: method, the raw path and query byte-for-byte (no
/// decode/re-encode), end-to-end headers, Host (kept unless rewritten), X-Forwarded-For/Proto/Host
/// (https://developer.mozilla.org/docs/Web/HTTP/Headers/X-Forwarded-For) and a streamed body. The body's
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
        CopyHeaders(request.Headers, message, target.Http2);
        message.Headers.Host = target.Host;
        AddForwarded(context, message, target.OriginalHost);
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

    private static void CopyHeaders(IHeaderDictionary headers, HttpRequestMessage message, bool http2)
    {
        foreach (var header in headers)
        {
            var name = header.Key;
            if (HopByHopHeaders.Contains(name))
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

    private static void AddForwarded(HttpContext context, HttpRequestMessage message, string originalHost)
    {
        var headers = message.Headers;
        var remote = context.Connection.RemoteIpAddress;
        if (remote is not null)
        {
            var address = (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
            var existing = context.Request.Headers["X-Forwarded-For"];
            headers.Remove("X-Forwarded-For");
            headers.TryAddWithoutValidation("X-Forwarded-For", existing.Count == 0 ? address : existing.ToString() + ", " + address);
        }

        headers.Remove("X-Forwarded-Proto");
        headers.TryAddWithoutValidation("X-Forwarded-Proto", context.Features.Get<Microsoft.AspNetCore.Connections.Features.ITlsHandshakeFeature>() is null ? "http" : "https");
        if (!headers.Contains("X-Forwarded-Host"))
        {
            headers.TryAddWithoutValidation("X-Forwarded-Host", originalHost);
        }
    }
}
