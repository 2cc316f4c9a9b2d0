using System.Text.Json;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Webhook;

/// <summary>
/// One repository's GitHub webhook: verifies the signature over the raw body with that repository's secret,
/// answers at once (work goes on its queue). The same <c>X-GitHub-Delivery</c> while its work is still queued or
/// running is ignored; after it ran, it is a redelivery and runs again (<see cref="DeliveryLedger"/>).
/// <see cref="WebhookRouter"/> picks the repository.
/// Events: <c>push</c> to the target branch, <c>pull_request</c> opened / synchronize / reopened.
/// https://docs.github.com/en/webhooks/webhook-events-and-payloads
/// </summary>
internal sealed class WebhookHandler(byte[]? secret, string targetBranch, ReconcileQueue queue)
{
    private readonly DeliveryLedger _deliveries = new();

    public IResult Handle(HttpRequest request, byte[] body)
    {
        if (secret is null || !WebhookSignature.IsValid(secret, body, request.Headers["X-Hub-Signature-256"].FirstOrDefault()))
        {
            return Results.Json(new { message = "invalid signature" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var delivery = request.Headers["X-GitHub-Delivery"].FirstOrDefault();
        var work = Parse(request.Headers["X-GitHub-Event"].FirstOrDefault(), body);
        if (work is null)
        {
            return Results.Ok(new { status = "ignored" });
        }

        var kind = delivery is null ? DeliveryKind.New : _deliveries.Begin(delivery);
        if (kind == DeliveryKind.InFlight)
        {
            return Results.Ok(new { status = "duplicate delivery ignored: its work is still queued or running" });
        }

        work = work with { Force = kind == DeliveryKind.Redelivery, Done = delivery is null ? null : () => _deliveries.End(delivery) };
        if (!queue.Enqueue(work))
        {
            work.Done?.Invoke();
        }

        return Results.Accepted(value: new { status = kind == DeliveryKind.Redelivery ? "queued again (redelivery)" : "queued", reason = work.Reason });
    }

    private ReconcileRequest? Parse(string? eventName, byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (eventName == "push")
            {
                var reference = root.GetProperty("ref").GetString();
                var after = root.TryGetProperty("after", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                return reference == "refs/heads/" + targetBranch
                    ? new ReconcileRequest("push " + reference, AnnouncedCommit: after is { Length: 40 } && after.All(char.IsAsciiHexDigitLower) ? after : null)
                    : null;
            }

            if (eventName == "pull_request" && root.GetProperty("action").GetString() is "opened" or "synchronize" or "reopened" or "edited")
            {
                var pr = root.GetProperty("pull_request");
                var open = new OpenPullRequest(
                    pr.GetProperty("number").GetInt32(),
                    pr.GetProperty("head").GetProperty("sha").GetString()!,
                    pr.GetProperty("base").GetProperty("ref").GetString()!);
                return new ReconcileRequest($"pull_request #{open.Number}", open, ApplyTarget: false);
            }

            return null; // ping and other events need no work
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
