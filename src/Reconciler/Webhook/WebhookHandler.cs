using System.Text.Json;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Webhook;

/// <summary>
/// One repository's GitHub webhook, for a delivery whose signature <see cref="WebhookRouter"/> verified with one of
/// <see cref="Secrets"/>: answers at once (work goes on its queue), and treats a redelivery (same
/// <c>X-GitHub-Delivery</c>) as already done.
/// Events: <c>push</c> to the target branch, <c>pull_request</c> opened / synchronize / reopened.
/// https://docs.github.com/en/webhooks/webhook-events-and-payloads
/// </summary>
internal sealed class WebhookHandler(WebhookSecrets secrets, string targetBranch, ReconcileQueue queue)
{
    private const int RememberedDeliveries = 4096;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public WebhookSecrets Secrets => secrets;

    /// <summary>The answer and the outcome for the audit line.</summary>
    public (IResult Result, string Outcome) Handle(string? delivery, string? eventName, ReadOnlyMemory<byte> body)
    {
        if (delivery is not null && !Remember(delivery))
        {
            return (Results.Ok(new { status = "duplicate delivery ignored" }), "duplicate");
        }

        var work = Parse(eventName, body);
        if (work is null)
        {
            return (Results.Ok(new { status = "ignored" }), "ignored");
        }

        queue.Enqueue(work);
        return (Results.Accepted(value: new { status = "queued", reason = work.Reason }), "queued");
    }

    private ReconcileRequest? Parse(string? eventName, ReadOnlyMemory<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (eventName == "push")
            {
                var reference = root.GetProperty("ref").GetString();
                return reference == "refs/heads/" + targetBranch ? new ReconcileRequest("push " + reference) : null;
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

    private bool Remember(string delivery)
    {
        lock (_gate)
        {
            if (!_seen.Add(delivery))
            {
                return false;
            }

            _order.Enqueue(delivery);
            if (_order.Count > RememberedDeliveries)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }
}
