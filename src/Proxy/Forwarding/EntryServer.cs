using GitGateway.Proxy.Filters;
using GitGateway.Proxy.Routing;
using Microsoft.AspNetCore.Http.Features;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Serves a request on the entry routing chose, as a list of steps: policies (403, 401, 429), the WAF (403), CORS preflight,
/// redirect, direct response, backend choice (500 for an unresolved share), backend filters, request header
/// and URL rewrites, mirrors, then forwarding with the response filters.
/// </summary>
internal sealed class EntryServer(HttpForwarder forwarder, MirrorSender mirrors, EdgePolicy edge)
{
    /// <remarks>
    /// Not itself async: an entry without policies whose request goes to a backend without mirrored bodies returns
    /// the forwarder's own task, so the wait for the backend allocates no state machine here (bench/proxy/README.md).
    /// </remarks>
    public ValueTask<EntryResult> ServeAsync(HttpContext context, ListenerTable listener, CompiledEntry entry, RequestTarget request) =>
        entry.Policies.IsEmpty ? ServeAdmitted(context, listener, entry, request) : ServePolicedAsync(context, listener, entry, request);

    private async ValueTask<EntryResult> ServePolicedAsync(HttpContext context, ListenerTable listener, CompiledEntry entry, RequestTarget request)
    {
        if (await RefusedAsync(context, entry) is { } refused)
        {
            return Answer(context, refused, "");
        }

        if (entry.Policies.Waf is { } waf && await waf.BlocksAsync(context, entry.Id))
        {
            return await WafBlockedAsync(context);
        }

        return await ServeAdmitted(context, listener, entry, request);
    }

    /// <summary>The steps after the policies and the WAF admitted the request.</summary>
    private ValueTask<EntryResult> ServeAdmitted(HttpContext context, ListenerTable listener, CompiledEntry entry, in RequestTarget request)
    {
        if (entry.Cors is { } cors && CorsPolicy.IsPreflight(context.Request))
        {
            cors.AnswerPreflight(context);
            return new(new EntryResult(context.Response.StatusCode, "", default));
        }

        var filters = entry.Filters;
        if (filters.Redirect is { } redirect)
        {
            return new(Redirect(context, listener, entry, redirect, request, ""));
        }

        if (entry.DirectResponse is { } direct)
        {
            return DirectAsync(context, direct);
        }

        var backend = entry.Backends.Choose();
        if (backend is null || backend.Endpoints is null)
        {
            // Gateway API: requests for a backend that did not resolve (or a rule with no weight) get 500.
            return new(Answer(context, StatusCodes.Status500InternalServerError, backend?.Id ?? ""));
        }

        if (backend.Filters.Redirect is { } backendRedirect)
        {
            return new(Redirect(context, listener, entry, backendRedirect, request, backend.Id));
        }

        var target = PrepareTarget(context, entry, backend, request);
        if (target.Http2 && HttpMethods.IsPost(context.Request.Method) && context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            ExemptFromDataRates(context);
        }

        var tee = SendMirrors(context, filters, backend.Filters, target);
        return tee is null
            ? forwarder.ForwardAsync(context, backend, target, entry.Timeouts, entry.Retry, backend.Shaper)
            : ForwardTeedAsync(context, backend, target, entry, tee);
    }

    private async ValueTask<EntryResult> ForwardTeedAsync(HttpContext context, CompiledBackend backend, UpstreamTarget target, CompiledEntry entry, RequestBodyTee tee)
    {
        try
        {
            return await forwarder.ForwardAsync(context, backend, target, entry.Timeouts, entry.Retry, backend.Shaper);
        }
        finally
        {
            tee.Complete(); // mirror copies of a body that did not end go with the request
        }
    }

    private static async ValueTask<EntryResult> DirectAsync(HttpContext context, Plan.Model.DirectResponse direct)
    {
        context.Response.StatusCode = direct.StatusCode;
        if (direct.Body is { } body)
        {
            await context.Response.WriteAsync(body, context.RequestAborted);
        }

        return new EntryResult(direct.StatusCode, "", default);
    }

    private static async ValueTask<int?> RefusedAsync(HttpContext context, CompiledEntry entry)
    {
        var policies = entry.Policies;
        if (policies.IsEmpty)
        {
            return null;
        }

        foreach (var filter in policies.IpFilters)
        {
            if (!filter.Allows(context))
            {
                return StatusCodes.Status403Forbidden;
            }
        }

        foreach (var jwt in policies.Jwts)
        {
            if (!await jwt.ValidateAsync(context))
            {
                return StatusCodes.Status401Unauthorized;
            }
        }

        foreach (var limiter in policies.RateLimits)
        {
            if (!limiter.TryAcquire(context))
            {
                return StatusCodes.Status429TooManyRequests;
            }
        }

        return null;
    }

    /// <summary>Streaming calls may idle for long stretches; the data-rate floors are for stalled uploads.</summary>
    private static void ExemptFromDataRates(HttpContext context)
    {
        try
        {
            if (context.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.IHttpMinRequestBodyDataRateFeature>() is { } request)
            {
                request.MinDataRate = null;
            }

            if (context.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.IHttpMinResponseDataRateFeature>() is { } response)
            {
                response.MinDataRate = null;
            }
        }
        catch (NotSupportedException)
        {
            // HTTP/2 streams do not take a per-request response rate; the connection-level one stays
        }
    }

    private UpstreamTarget PrepareTarget(HttpContext context, CompiledEntry entry, CompiledBackend backend, in RequestTarget routed)
    {
        var request = context.Request;
        if (entry.Filters.RequestHeaders is { } entryHeaders)
        {
            HeaderModifierApplier.Apply(entryHeaders, request.Headers);
        }

        if (backend.Filters.RequestHeaders is { } backendHeaders)
        {
            HeaderModifierApplier.Apply(backendHeaders, request.Headers);
        }

        var originalHost = request.Headers.Host.ToString();
        var host = originalHost;
        var pathAndQuery = routed.PathAndQuery;
        var rewrite = backend.Filters.Rewrite ?? entry.Filters.Rewrite;
        if (rewrite is not null)
        {
            if (rewrite.Hostname is { } hostname)
            {
                host = hostname;
            }

            if (rewrite.Path is { } pathModifier)
            {
                var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
                pathAndQuery = PathRewriter.Rewrite(pathModifier, routed.Path, entry.MatchedPrefix) + (query < 0 ? "" : pathAndQuery[query..]);
            }
        }

        var upgrade = context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } && !Http1RequestChecks.OffersH2c(request.Headers.Upgrade)
            ? request.Headers.Upgrade.ToString() : null;
        // gRPC needs HTTP/2 end to end, also when it arrives on a plain HTTPRoute.
        var grpc = entry.IsGrpc || (request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase));
        var http2 = backend.Http2 || (grpc && upgrade is null);
        return new UpstreamTarget("", pathAndQuery, host, originalHost, http2 && upgrade is null, upgrade, routed.Port, edge.KeptForwardedHops(context.Connection.RemoteIpAddress), routed.Tls);
    }

    /// <summary>
    /// Starts the sampled mirrors; when the request has a body, the upstream then reads it through a tee that
    /// copies it to them (returned so it can be completed when the request ends).
    /// </summary>
    private RequestBodyTee? SendMirrors(HttpContext context, FilterSet entryFilters, FilterSet backendFilters, UpstreamTarget target)
    {
        if (entryFilters.Mirrors.Length == 0 && backendFilters.Mirrors.Length == 0)
        {
            return null;
        }

        var withBody = target.Upgrade is null && UpstreamRequestFactory.HasBody(context);
        List<MirrorBodySink>? sinks = null;
        Start(context, entryFilters.Mirrors, target, withBody, ref sinks);
        Start(context, backendFilters.Mirrors, target, withBody, ref sinks);
        if (sinks is null)
        {
            return null;
        }

        var tee = new RequestBodyTee(context.Request.Body, sinks);
        context.Request.Body = tee;
        return tee;
    }

    private void Start(HttpContext context, MirrorTarget[] targets, in UpstreamTarget target, bool withBody, ref List<MirrorBodySink>? sinks)
    {
        foreach (var mirror in targets)
        {
            if (mirrors.Send(context, mirror, target, withBody) is { } sink)
            {
                (sinks ??= []).Add(sink);
            }
        }
    }

    private static EntryResult Redirect(HttpContext context, ListenerTable listener, CompiledEntry entry, Plan.Model.RedirectFilter redirect, in RequestTarget routed, string backendId)
    {
        var pathAndQuery = routed.PathAndQuery;
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = routed.Path;
        var queryString = query < 0 ? "" : pathAndQuery[query..];
        var host = HostnameMap<ListenerTable>.HostWithoutPort(context.Request.Headers.Host.ToString()).ToString();
        var location = RedirectBuilder.Location(redirect, listener.Listener.Protocol == Plan.Model.ListenerProtocol.HTTPS ? "https" : "http", host, listener.Listener.Port, path, queryString, entry.MatchedPrefix);
        context.Response.StatusCode = redirect.StatusCode;
        context.Response.Headers.Location = location;
        return new EntryResult(redirect.StatusCode, backendId, default);
    }

    /// <summary>The request target as the client sent it (origin form), which <see cref="PathNormalizer"/> reads.</summary>
    public static string RawTarget(HttpContext context)
    {
        // The indexer, not Get<T>(): a generic interface method is dispatched through a runtime lookup on every call.
        var raw = (context.Features[typeof(IHttpRequestFeature)] as IHttpRequestFeature)?.RawTarget;
        if (!string.IsNullOrEmpty(raw) && raw[0] == '/')
        {
            return raw;
        }

        var request = context.Request;
        return request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
    }

    /// <summary>A short 403 of the proxy's own; the access log shows <c>waf</c> as the error.</summary>
    private static async Task<EntryResult> WafBlockedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("request blocked by the web application firewall\n", context.RequestAborted);
        return new EntryResult(StatusCodes.Status403Forbidden, "", new ForwardOutcome(StatusCodes.Status403Forbidden, null, "waf"));
    }

    private static EntryResult Answer(HttpContext context, int status, string backendId)
    {
        context.Response.StatusCode = status;
        return new EntryResult(status, backendId, default);
    }
}
