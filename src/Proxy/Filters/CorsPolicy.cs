using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Filters;

/// <summary>
/// CORS as the Gateway API HTTPCORSFilter describes it (GEP-1767): preflights are answered by the proxy, other
/// requests from an allowed origin get the CORS response headers. Origins may use <c>*</c> for any or a
/// <c>*</c> wildcard for leading labels (<c>https://*.example.com</c>). The allowed origin is always echoed
/// (never <c>*</c>) so that credentials keep working (https://fetch.spec.whatwg.org/#cors-protocol-and-credentials).
/// </summary>
internal sealed class CorsPolicy
{
    private readonly string[] _origins;
    private readonly bool _anyOrigin;
    private readonly string? _allowMethods;
    private readonly bool _anyMethod;
    private readonly string? _allowHeaders;
    private readonly bool _anyHeader;
    private readonly string? _exposeHeaders;
    private readonly bool _credentials;
    private readonly string? _maxAge;

    public CorsPolicy(CorsFilter cors)
    {
        _origins = [.. cors.AllowOrigins];
        _anyOrigin = cors.AllowOrigins.Contains("*");
        _anyMethod = cors.AllowMethods.Contains("*");
        _allowMethods = cors.AllowMethods.IsEmpty ? null : string.Join(", ", cors.AllowMethods);
        _anyHeader = cors.AllowHeaders.Contains("*");
        _allowHeaders = cors.AllowHeaders.IsEmpty ? null : string.Join(", ", cors.AllowHeaders);
        _exposeHeaders = cors.ExposeHeaders.IsEmpty ? null : string.Join(", ", cors.ExposeHeaders);
        _credentials = cors.AllowCredentials;
        _maxAge = cors.MaxAgeSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>True when the request is a preflight (OPTIONS with Origin and Access-Control-Request-Method).</summary>
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method)
        && request.Headers.ContainsKey("Origin")
        && request.Headers.ContainsKey("Access-Control-Request-Method");

    /// <summary>Answers a preflight; the response is complete afterwards.</summary>
    public void AnswerPreflight(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        string origin = request.Headers.Origin.ToString();
        if (!OriginAllowed(origin))
        {
            return;
        }

        var headers = response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.Vary = "Origin";
        headers.AccessControlAllowMethods = _anyMethod ? request.Headers.AccessControlRequestMethod.ToString() : _allowMethods;
        var requested = request.Headers.AccessControlRequestHeaders.ToString();
        var allowHeaders = _anyHeader && requested.Length > 0 ? requested : _allowHeaders;
        if (allowHeaders is not null)
        {
            headers.AccessControlAllowHeaders = allowHeaders;
        }

        AddCommon(headers);
        if (_maxAge is not null)
        {
            headers.AccessControlMaxAge = _maxAge;
        }
    }

    /// <summary>Adds the CORS headers of an actual (non-preflight) request's response.</summary>
    public void AddResponseHeaders(HttpContext context)
    {
        var origin = context.Request.Headers.Origin;
        if (origin.Count == 0 || !OriginAllowed(origin.ToString()))
        {
            return;
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.Vary = "Origin";
        AddCommon(headers);
    }

    private void AddCommon(IHeaderDictionary headers)
    {
        if (_credentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        if (_exposeHeaders is not null)
        {
            headers.AccessControlExposeHeaders = _exposeHeaders;
        }
    }

    private bool OriginAllowed(string origin)
    {
        if (_anyOrigin)
        {
            return origin.Length > 0;
        }

        foreach (var allowed in _origins)
        {
            if (Matches(allowed, origin))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(string pattern, string origin)
    {
        var star = pattern.IndexOf('*');
        if (star < 0)
        {
            return string.Equals(pattern, origin, StringComparison.OrdinalIgnoreCase);
        }

        // "scheme://*.suffix": the star stands for one or more leading labels.
        var head = pattern.AsSpan(0, star);
        var tail = pattern.AsSpan(star + 1);
        return origin.Length > head.Length + tail.Length
            && origin.AsSpan().StartsWith(head, StringComparison.OrdinalIgnoreCase)
            && origin.AsSpan().EndsWith(tail, StringComparison.OrdinalIgnoreCase);
    }
}
