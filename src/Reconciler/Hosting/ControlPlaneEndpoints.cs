using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GitGateway.Reconciler.Apply;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// The control plane's HTTP surface. Nodes: <c>GET /v1/plan?node=&amp;have=&lt;hash&gt;&amp;wait=&lt;s&gt;</c> long-polls
/// and returns the whole plan (200, <c>X-Plan-Hash</c>, <c>X-Plan-Revision</c>) when it differs from what the node
/// has, or 304 when the wait ends; <c>POST /v1/nodes/{name}/report</c> takes ACK/NACK and readiness. Operators:
/// <c>GET /v1/status</c>, <c>POST /v1/refresh</c>. GitHub: <c>POST /webhook</c> (signed, not bearer).
/// </summary>
internal static class ControlPlaneEndpoints
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    public static void Map(WebApplication app, PlanPublisher publisher, ApplyService apply, ReconcileQueue queue, WebhookHandler webhook, string nodeToken, TimeProvider time)
    {
        var token = Encoding.UTF8.GetBytes(nodeToken);
        var v1 = app.MapGroup("/v1").AddEndpointFilter(async (context, next) =>
            Authorized(context.HttpContext.Request, token) ? await next(context) : Results.Unauthorized());

        v1.MapGet("/plan", async (HttpContext context, string node, string? have, int? wait) =>
        {
            publisher.Seen(node, have);
            var timeout = TimeSpan.FromSeconds(Math.Clamp(wait ?? 30, 0, (int)MaxWait.TotalSeconds));
            var revision = await publisher.WaitForNewAsync(have, timeout, context.RequestAborted);
            if (revision is null)
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            context.Response.Headers["X-Plan-Hash"] = revision.PlanHash;
            context.Response.Headers["X-Plan-Revision"] = revision.Number.ToString(CultureInfo.InvariantCulture);
            return Results.Bytes(revision.CanonicalJson, "application/json");
        });

        v1.MapPost("/nodes/{name}/report", (string name, NodeReport report) =>
        {
            publisher.Report(new NodeStatus(name, report.PlanHash, report.Accepted, report.Error, report.Ready, time.GetUtcNow(), report.Peers));
            return Results.NoContent();
        });

        v1.MapGet("/status", () => Results.Json(new
        {
            revision = publisher.Current?.Number,
            planHash = publisher.Current?.PlanHash,
            commit = publisher.Current?.Commit,
            pendingCommit = apply.State.PendingCommit,
            nodes = publisher.Nodes.Values.OrderBy(n => n.Name, StringComparer.Ordinal),
        }));

        v1.MapPost("/refresh", () => queue.Enqueue(new ReconcileRequest("manual refresh"))
            ? Results.Accepted(value: new { status = "queued" })
            : Results.StatusCode(StatusCodes.Status503ServiceUnavailable));

        app.MapPost("/webhook", (HttpRequest request, CancellationToken ct) => webhook.HandleAsync(request, ct));
        app.MapGet("/healthz", () => Results.Ok("ok"));
    }

    private static bool Authorized(HttpRequest request, byte[] token)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..]), token);
    }
}
