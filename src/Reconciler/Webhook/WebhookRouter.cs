using System.Text.Json;
using GitGateway.Reconciler.Hosting;

namespace GitGateway.Reconciler.Webhook;

/// <summary>
/// Authenticates a GitHub webhook before any work, then sends it to its repository. In order: a missing or
/// malformed <c>X-Hub-Signature-256</c> is 401 before the body is read; a declared body over the limit is 413; an
/// unknown repository in the path is 404; past <see cref="WebhookLimits.MaxUnauthenticated"/> deliveries being read
/// at once, 503. The body is then read once while every candidate secret's HMAC is computed
/// (<see cref="SignedBodyReader"/>: <c>POST /webhooks/github/{name}</c> tries that repository's secrets,
/// <c>POST /webhook</c> every repository's), and only a delivery one of them signed is parsed: for its
/// <c>repository.full_name</c> (https://docs.github.com/en/webhooks/webhook-events-and-payloads#repository) and
/// its event. A repository whose loop is stopped answers 503. Every delivery leaves one audit line: delivery id,
/// event, repository, outcome; never a secret or a payload.
/// </summary>
internal sealed partial class WebhookRouter(RepositoryRegistry repositories, WebhookLimits limits, ILogger<WebhookRouter> logger)
{
    private readonly SemaphoreSlim _unauthenticated = new(limits.MaxUnauthenticated, limits.MaxUnauthenticated);

    /// <summary>The answer, and the outcome the audit line names (one of <see cref="Outcomes"/>), which the metrics count.</summary>
    public async Task<(IResult Result, string Outcome)> HandleAsync(HttpRequest request, string? name, CancellationToken cancellationToken)
    {
        var delivery = Printable(request.Headers["X-GitHub-Delivery"].FirstOrDefault());
        var eventName = Printable(request.Headers["X-GitHub-Event"].FirstOrDefault());
        var (result, repository, outcome) = await RouteAsync(request, name, delivery, eventName, cancellationToken);
        LogDelivery(logger, delivery ?? "-", eventName ?? "-", repository ?? name ?? "-", outcome);
        return (result, outcome);
    }

    /// <summary>Every outcome a delivery can have: a closed set, so a metric label of them stays bounded.</summary>
    public static IReadOnlyList<string> Outcomes { get; } =
    [
        "queued", "redelivery", "ignored", "duplicate", "invalid-signature", "missing-or-malformed-signature", "too-large", "busy",
        "unknown-repository", "repository-stopped",
    ];

    private async Task<(IResult Result, string? Repository, string Outcome)> RouteAsync(HttpRequest request, string? name, string? delivery, string? eventName, CancellationToken cancellationToken)
    {
        if (WebhookSignature.TryParse(request.Headers["X-Hub-Signature-256"].FirstOrDefault()) is not { } given)
        {
            return (Refused(StatusCodes.Status401Unauthorized, "invalid signature"), null, "missing-or-malformed-signature");
        }

        if (request.ContentLength > limits.MaxBodyBytes)
        {
            return (Refused(StatusCodes.Status413PayloadTooLarge, "payload too large"), null, "too-large");
        }

        IReadOnlyList<RepositoryRuntime> candidates = name is null ? repositories.All : repositories.Find(name) is { } named ? [named] : [];
        if (candidates.Count == 0)
        {
            return (Refused(StatusCodes.Status404NotFound, "unknown repository"), null, "unknown-repository");
        }

        if (!await _unauthenticated.WaitAsync(0, cancellationToken))
        {
            return (Refused(StatusCodes.Status503ServiceUnavailable, "busy"), null, "busy");
        }

        List<RepositoryRuntime> signedBy;
        ReadOnlyMemory<byte> body;
        try
        {
            var secrets = candidates.Select(c => c.Webhook.Secrets.Current()).ToArray();
            var read = await SignedBodyReader.ReadAsync(request.Body, [.. secrets.SelectMany(s => s)], request.ContentLength, limits.MaxBodyBytes, cancellationToken);
            if (read is not { } signed)
            {
                return (Refused(StatusCodes.Status413PayloadTooLarge, "payload too large"), null, "too-large");
            }

            body = signed.Body;
            signedBy = SignedBy(candidates, secrets, signed.Macs, given);
        }
        finally
        {
            _unauthenticated.Release();
        }

        if (signedBy.Count == 0)
        {
            return (Refused(StatusCodes.Status401Unauthorized, "invalid signature"), null, "invalid-signature");
        }

        var repository = name is not null ? signedBy[0] : repositories.FindForWebhook(FullName(body));
        if (repository is null)
        {
            return (Refused(StatusCodes.Status404NotFound, "unknown repository"), null, "unknown-repository");
        }

        if (!signedBy.Contains(repository))
        {
            return (Refused(StatusCodes.Status401Unauthorized, "invalid signature"), repository.Name, "invalid-signature");
        }

        if (repository.Worker.Fault is not null)
        {
            // The reason is in the log and /v1/status (behind the node token), not in an unauthenticated answer.
            return (Refused(StatusCodes.Status503ServiceUnavailable, "repository stopped"), repository.Name, "repository-stopped");
        }

        var (result, outcome) = repository.Webhook.Handle(delivery, eventName, body);
        return (result, repository.Name, outcome);
    }

    private static List<RepositoryRuntime> SignedBy(IReadOnlyList<RepositoryRuntime> candidates, byte[][][] secrets, byte[][] macs, byte[] given)
    {
        var signedBy = new List<RepositoryRuntime>();
        var at = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var match = false;
            foreach (var _ in secrets[i])
            {
                match |= WebhookSignature.Matches(macs[at++], given); // no early exit: every MAC is compared
            }

            if (match)
            {
                signedBy.Add(candidates[i]);
            }
        }

        return signedBy;
    }

    private static IResult Refused(int status, string message) => Results.Json(new { message }, statusCode: status);

    /// <summary>A header value fit for a log line: printable ASCII, at most 100 characters; otherwise null.</summary>
    private static string? Printable(string? value) =>
        value is { Length: > 0 and <= 100 } && !value.AsSpan().ContainsAnyExceptInRange('!', '~') ? value : null;

    private static string? FullName(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("repository", out var repository)
                && repository.ValueKind == JsonValueKind.Object
                && repository.TryGetProperty("full_name", out var fullName)
                && fullName.ValueKind == JsonValueKind.String ? fullName.GetString() : null;
        }
        catch (JsonException)
        {
            return null; // a signed payload it cannot read: the handler ignores it
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "webhook delivery {Delivery} event {Event} repository {Repository}: {Outcome}")]
    private static partial void LogDelivery(ILogger logger, string delivery, string @event, string repository, string outcome);
}
