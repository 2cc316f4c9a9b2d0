using GitGateway.Proxy.Observability;
using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Forwarding;

/// <summary>The request delegate of one HTTP or HTTPS port: route on the current table, serve, record.</summary>
internal sealed class ProxyRequestHandler(
    RouteTableHolder tables, EntryServer server, ProxyMetrics metrics, AccessLog accessLog, TimeProvider time, int planPort, bool tls)
{
    public async Task HandleAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        metrics.RequestStarted();
        var route = "";
        var result = default(EntryResult);
        try
        {
            var selection = RouteSelector.Select(tables.Current, planPort, context, tls);
            if (selection.Entry is null)
            {
                context.Response.StatusCode = selection.Status;
                result = new EntryResult(selection.Status, "", default);
            }
            else
            {
                route = selection.Entry.Id;
                result = await server.ServeAsync(context, selection.Listener!, selection.Entry, selection.Path);
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
