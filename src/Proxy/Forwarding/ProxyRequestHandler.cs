using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Observability;
using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// The request delegate of one HTTP or HTTPS port: shed the request (503) while the node is overloaded, refuse what
/// nginx refuses on HTTP/1.x, normalise the path and clean the headers (400 when any cannot be), route on the current
/// table with that path (503 when a regular expression could not decide the route), serve, record.
/// </summary>
internal sealed class ProxyRequestHandler(
    RouteTableHolder tables, EntryServer server, ProxyMetrics metrics, AccessLog accessLog, TimeProvider time, int planPort, bool tls, EdgePolicy edge, LoadShedder shedder)
{
    public async Task HandleAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        metrics.RequestStarted();
        var route = "";
        var result = default(EntryResult);
        try
        {
            if (shedder.Trigger(started) is { } trigger)
            {
                Shed(context, trigger);
                result = new EntryResult(StatusCodes.Status503ServiceUnavailable, "", new ForwardOutcome(StatusCodes.Status503ServiceUnavailable, null, "overload"));
                return;
            }

            if (Refusal(context, out var path, out var pathAndQuery) is { } refused)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                result = new EntryResult(StatusCodes.Status400BadRequest, "", new ForwardOutcome(StatusCodes.Status400BadRequest, null, refused));
                return;
            }

            var selection = RouteSelector.Select(tables.Current, planPort, context, tls, path);
            if (selection.Unanswerable)
            {
                // A regular expression of the first-ranked candidate could not answer: refuse, never fall through.
                metrics.Regexes.RequestRefused();
                context.Response.StatusCode = selection.Status;
                result = new EntryResult(selection.Status, "", new ForwardOutcome(selection.Status, null, "regex"));
            }
            else if (selection.Entry is null)
            {
                context.Response.StatusCode = selection.Status;
                result = new EntryResult(selection.Status, "", default);
            }
            else
            {
                route = selection.Entry.Id;
                result = await server.ServeAsync(context, selection.Listener!, selection.Entry, new RequestTarget(path, pathAndQuery, planPort, tls));
            }
        }
        finally
        {
            var elapsed = time.GetElapsedTime(started);
            var status = result.Status == 0 ? context.Response.StatusCode : result.Status;
            metrics.RequestFinished(route, result.BackendId, status, elapsed, result.Outcome.Error);
            if (accessLog.Enabled)
            {
                Log(context, route, result, status, elapsed);
            }
        }
    }

    /// <summary>
    /// Why the request is answered 400 before routing, as the access log's error: what nginx refuses on HTTP/1.x
    /// (<see cref="Http1RequestChecks"/>; the connection is closed after it, since what follows on it may be a
    /// smuggled request), a path that cannot be normalised, or a header refused by the hygiene rules. Null: route it.
    /// </summary>
    private string? Refusal(HttpContext context, out string path, out string pathAndQuery)
    {
        path = pathAndQuery = "";
        if (Http1RequestChecks.Refusal(context) is { } refused)
        {
            context.Response.Headers.Connection = "close";
            return refused;
        }

        if (!PathNormalizer.TryNormalizeTarget(EntryServer.RawTarget(context), context.Request.Path.Value, edge.EscapedSlashes, out path, out pathAndQuery))
        {
            return "path";
        }

        return RequestHeaderHygiene.Apply(context.Request.Headers, edge.UnderscoreHeaders) ? null : "header";
    }

    /// <summary>503, and the connection closed after it (HTTP/1.1 <c>Connection: close</c>; HTTP/2 cannot say it per request).</summary>
    private void Shed(HttpContext context, string trigger)
    {
        metrics.Overload.Shed(trigger);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            context.Response.Headers.Connection = "close";
        }
    }

    private void Log(HttpContext context, string route, EntryResult result, int status, TimeSpan elapsed)
    {
        var request = context.Request;
        accessLog.Write(new AccessLogEntry(
            time.GetUtcNow(),
            request.Method,
            request.Headers.Host.ToString(),
            context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "",
            request.Protocol,
            status,
            route,
            result.BackendId,
            result.Outcome.Endpoint,
            result.Outcome.Error,
            elapsed.TotalMilliseconds,
            context.Connection.RemoteIpAddress?.ToString()));
    }
}
