using System.Text.Json;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Webhook;

/// <summary>
/// One repository's GitHub webhook, for a delivery whose signature <see cref="WebhookRouter"/> verified with one of
/// <see cref="Secrets"/>: answers at once (work goes on its queue). The same <c>X-GitHub-Delivery</c> while its work
/// is still queued or running is ignored; after it ran, it is a redelivery and runs again (<see cref="DeliveryLedger"/>).
/// Events: <c>push</c> to the target branch, <c>pull_request</c> opened / synchronize / reopened.
/// https://docs.github.com/en/webhooks/webhook-events-and-payloads
/// </summary>
internal sealed class WebhookHandler(WebhookSecrets secrets, string targetBranch, ReconcileQueue queue)
{
    private readonly DeliveryLedger _deliveries = new();

    public WebhookSecrets Secrets => secrets;

    /// <summary>The answer and the outcome for the audit line.</summary>
    public (IResult Result, string Outcome) Handle(string? delivery, string? eventName, ReadOnlyMemory<byte> body)
    {
        var work = Parse(eventName, body);
        if (work is null)
        {
            return (Results.Ok(new { status = "ignored" }), "ignored");
        }

        var kind = delivery is null ? DeliveryKind.New : _deliveries.Begin(delivery);
        if (kind == DeliveryKind.InFlight)
        {
            return (Results.Ok(new { status = "duplicate delivery ignored: its work is still queued or running" }), "duplicate");
        }

        work = work with { Force = kind == DeliveryKind.Redelivery, Done = delivery is null ? null : () => _deliveries.End(delivery) };
        if (!queue.Enqueue(work))
        {
            work.Done?.Invoke();
        }

        var redelivery = kind == DeliveryKind.Redelivery;
        return (Results.Accepted(value: new { status = redelivery ? "queued again (redelivery)" : "queued", reason = work.Reason }), redelivery ? "redelivery" : "queued");
    }

    /// <summary>A SHA-1 or SHA-256 object id as GitHub writes it: 40 or 64 lowercase hex digits.</summary>
    private static bool IsObjectId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value) =>
        value is { Length: 40 or 64 } && value.All(char.IsAsciiHexDigitLower);

    private ReconcileRequest? Parse(string? eventName, ReadOnlyMemory<byte> body)
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
                var head = pr.GetProperty("head").GetProperty("sha").GetString();
                var baseRef = pr.GetProperty("base").GetProperty("ref").GetString();
                if (!pr.GetProperty("number").TryGetInt32(out var number) || number <= 0 || !IsObjectId(head) || string.IsNullOrEmpty(baseRef))
                {
                    return null; // not what GitHub sends; the head goes to git and names a stored review, so it must be an object id
                }

                var open = new OpenPullRequest(number, head, baseRef);
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
