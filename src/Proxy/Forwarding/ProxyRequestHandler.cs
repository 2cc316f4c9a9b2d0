using GitGateway.Proxy.Observability;
using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// The request delegate of one HTTP or HTTPS port: normalise the path and clean the headers (400 when either
/// cannot be), route on the current table with that path, serve, record.
/// </summary>
internal sealed class ProxyRequestHandler(
    RouteTableHolder tables, EntryServer server, ProxyMetrics metrics, AccessLog accessLog, TimeProvider time, int planPort, bool tls, EdgePolicy edge)
{
    public async Task HandleAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        metrics.RequestStarted();
        var route = "";
        var result = default(EntryResult);
        try
        {
            if (!PathNormalizer.TryNormalizeTarget(EntryServer.RawTarget(context), context.Request.Path.Value, edge.EscapedSlashes, out var path, out var pathAndQuery))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                result = new EntryResult(StatusCodes.Status400BadRequest, "", new ForwardOutcome(StatusCodes.Status400BadRequest, null, "path"));
                return;
            }

            if (!RequestHeaderHygiene.Apply(context.Request.Headers, edge.UnderscoreHeaders))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                result = new EntryResult(StatusCodes.Status400BadRequest, "", new ForwardOutcome(StatusCodes.Status400BadRequest, null, "header"));
                return;
            }

            var selection = RouteSelector.Select(tables.Current, planPort, context, tls, path);
            if (selection.Entry is null)
            {
                context.Response.StatusCode = selection.Status;
                result = new EntryResult(selection.Status, "", default);
            }
            else
            {
                route = selection.Entry.Id;
                result = await server.ServeAsync(context, selection.Listener!, selection.Entry, new RequestTarget(path, pathAndQuery, planPort));
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
