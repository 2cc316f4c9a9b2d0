using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// What Kestrel admits on HTTP/1.x but nginx refuses by default, refused here too (400) before a request is routed
/// (<c>tests/Proxy.Tests/Edge/Differential</c> sends each case to both): framing a backend could read otherwise
/// than the node (Transfer-Encoding with Content-Length, which Kestrel hands on renamed <c>X-Content-Length</c>;
/// Transfer-Encoding twice, not exactly <c>chunked</c>, or on HTTP/1.0),
/// a method that is not upper-case letters, <c>_</c> and <c>-</c>, and the asterisk form (<c>OPTIONS *</c>),
/// which the node could only forward as another target. Kestrel reads a Content-Length of <c>+5</c> as 5 and keeps
/// no raw value to check; the backend then gets <c>Content-Length: 5</c>, one request.
/// </summary>
internal static class Http1RequestChecks
{
    private static readonly SearchValues<char> MethodChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ_-");

    /// <summary>The access-log error of a request to refuse with 400 (<c>framing</c>, <c>method</c>, <c>target</c>), or null.</summary>
    public static string? Refusal(HttpContext context)
    {
        var request = context.Request;
        var http10 = HttpProtocol.IsHttp10(request.Protocol);
        if (!http10 && !HttpProtocol.IsHttp11(request.Protocol))
        {
            return null;
        }

        if (request.Method.AsSpan().ContainsAnyExcept(MethodChars))
        {
            return "method";
        }

        if ((context.Features[typeof(IHttpRequestFeature)] as IHttpRequestFeature)?.RawTarget == "*")
        {
            return "target";
        }

        return AmbiguousFraming(request.Headers, http10) ? "framing" : null;
    }

    /// <summary>True when an Upgrade header offers h2c: never forwarded, so no backend switches a connection the node cannot follow.</summary>
    public static bool OffersH2c(StringValues upgrade)
    {
        foreach (var value in upgrade)
        {
            foreach (var range in value.AsSpan().Split(','))
            {
                if (value.AsSpan(range).Trim(" \t").Equals("h2c", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool AmbiguousFraming(IHeaderDictionary headers, bool http10)
    {
        var codings = headers.TransferEncoding;
        return codings.Count > 0 && (http10
            || codings.Count > 1
            || !codings[0].AsSpan().Trim(" \t").Equals("chunked", StringComparison.OrdinalIgnoreCase)
            || headers.ContainsKey("Content-Length")
            || headers.ContainsKey("X-Content-Length"));
    }
}
