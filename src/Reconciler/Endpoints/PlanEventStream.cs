using System.Text;
using GitGateway.Reconciler.Apply;

namespace GitGateway.Reconciler.Endpoints;

/// <summary>
/// The node subscription as server-sent events, next to the long-poll: <c>GET …/plan</c> with
/// <c>Accept: text/event-stream</c> holds the response open and sends each plan the node does not have as one event
/// (<c>event: plan</c>, <c>id:</c> the plan hash, <c>data:</c> the canonical plan JSON, which has no line breaks),
/// and a comment line when nothing changed for <c>wait</c> seconds, so the node and any proxy in between see the
/// stream alive. A node reconnecting sends the hash it has as <c>have</c> or as <c>Last-Event-ID</c>.
/// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
/// </summary>
internal static class PlanEventStream
{
    public const string ContentType = "text/event-stream";

    public static bool IsWanted(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains(ContentType, StringComparison.OrdinalIgnoreCase));

    public static async Task<IResult> StreamAsync(HttpContext context, PlanPublisher publisher, string node, string? have, TimeSpan keepAlive)
    {
        have ??= context.Request.Headers["Last-Event-ID"].FirstOrDefault() is { Length: > 0 } last ? last : null;
        var response = context.Response;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // an nginx in front must not hold events back
        // Ends with the request or when the control plane stops (a stream never ends by itself, and shutdown waits for it).
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var aborted = linked.Token;
        try
        {
            await response.StartAsync(aborted);
            while (!aborted.IsCancellationRequested)
            {
                publisher.Seen(node, have);
                var revision = await publisher.WaitForNewAsync(node, have, keepAlive, aborted);
                if (revision is null)
                {
                    await response.WriteAsync(": no change\n\n", aborted);
                }
                else
                {
                    await WriteEventAsync(response, revision, aborted);
                    have = revision.PlanHash;
                }

                await response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // the node went away, or the control plane stops; a node reconnects with the hash it has
        }

        return Results.Empty;
    }

    private static async Task WriteEventAsync(HttpResponse response, PlanRevision revision, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"event: plan\nid: {revision.PlanHash}\nretry: 2000\ndata: ", Encoding.UTF8, cancellationToken);
        await response.Body.WriteAsync(revision.CanonicalJson, cancellationToken);
        await response.WriteAsync("\n\n", cancellationToken);
    }
}
