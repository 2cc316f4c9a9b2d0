using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Observability;
using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// The request delegate of one HTTP or HTTPS port: shed the request (503) while the node is overloaded, refuse what
/// nginx refuses on HTTP/1.x, normalise the path and clean the headers (400 when any cannot be), route on the current
/// table with that path (503 when a regular expression could not decide the route), serve, record.
/// </summary>
internal sealed class ProxyRequestHandler(
    RouteTableHolder tables, EntryServer server, ProxyMetrics metrics, AccessLog accessLog, TimeProvider time, int planPort, bool tls, EdgePolicy edge, LoadShedder shedder, BurstEndCollector? bursts)
{
    /// <remarks>
    /// Not an async method: a request its entry answers later is ended by the connection's (the stream's)
    /// <see cref="RequestEnd"/>, so the only allocation for the wait is the task Kestrel awaits, not a state machine.
    /// </remarks>
    public Task HandleAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        metrics.RequestStarted();
        bursts?.RequestStarted();
        var route = "";
        ValueTask<EntryResult> serving;
        try
        {
            if (Answer(context, started, out var selection, out var target) is { } answered)
            {
                Record(context, route, started, answered);
                return Task.CompletedTask;
            }

            route = selection.Entry!.Id;
            serving = server.ServeAsync(context, selection.Listener!, selection.Entry, target);
        }
        catch (Exception e)
        {
            Record(context, route, started, default);
            return Task.FromException(e);
        }

        if (serving.IsCompletedSuccessfully)
        {
            Record(context, route, started, serving.Result);
            return Task.CompletedTask;
        }

        return RequestEnd.Of(context) is { } end ? end.AwaitAsync(this, context, route, started, serving) : AwaitAsync(context, route, started, serving);
    }

    /// <summary>Counts the request's end and writes its access log line (<paramref name="result"/> default: the response's status).</summary>
    internal void Record(HttpContext context, string route, long started, EntryResult result)
    {
        var elapsed = time.GetElapsedTime(started);
        var status = result.Status == 0 ? context.Response.StatusCode : result.Status;
        metrics.RequestFinished(route, result.BackendId, status, elapsed, result.Outcome.Error);
        if (accessLog.Enabled)
        {
            Log(context, route, result, status, elapsed);
        }
    }

    /// <summary>
    /// The result of a request answered without an entry: shed, refused before routing, a regular expression that could
    /// not decide, no route; null when <paramref name="selection"/> names the entry to serve it with <paramref name="target"/>.
    /// </summary>
    private EntryResult? Answer(HttpContext context, long started, out RouteSelection selection, out RequestTarget target)
    {
        selection = default;
        target = default;
        if (shedder.Trigger(started) is { } trigger)
        {
            Shed(context, trigger);
            return new EntryResult(StatusCodes.Status503ServiceUnavailable, "", new ForwardOutcome(StatusCodes.Status503ServiceUnavailable, null, "overload"));
        }

        if (Refusal(context, out var path, out var pathAndQuery) is { } refused)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return new EntryResult(StatusCodes.Status400BadRequest, "", new ForwardOutcome(StatusCodes.Status400BadRequest, null, refused));
        }

        selection = RouteSelector.Select(tables.Current, planPort, context, tls, path);
        if (selection.Unanswerable)
        {
            // A regular expression of the first-ranked candidate could not answer: refuse, never fall through.
            metrics.Regexes.RequestRefused();
            context.Response.StatusCode = selection.Status;
            return new EntryResult(selection.Status, "", new ForwardOutcome(selection.Status, null, "regex"));
        }

        if (selection.Entry is null)
        {
            context.Response.StatusCode = selection.Status;
            return new EntryResult(selection.Status, "", default);
        }

        target = new RequestTarget(path, pathAndQuery, planPort, tls);
        return null;
    }

    /// <summary>The wait where no connection state is kept (HTTP/3, a host without it): an async method's, as before.</summary>
    private async Task AwaitAsync(HttpContext context, string route, long started, ValueTask<EntryResult> serving)
    {
        var result = default(EntryResult);
        try
        {
            result = await serving;
        }
        finally
        {
            Record(context, route, started, result);
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
