using System.Text.Json;
using GitGateway.Reconciler.Hosting;

namespace GitGateway.Reconciler.Webhook;

/// <summary>
/// Sends a GitHub webhook to its repository: <c>POST /webhook</c> by the payload's <c>repository.full_name</c>
/// (https://docs.github.com/en/webhooks/webhook-events-and-payloads#repository), <c>POST /webhooks/github/{name}</c>
/// by the repository's name in the config. A repository the control plane does not follow is answered 404 before
/// any signature is computed or work queued, one whose loop is stopped (unreadable state) 503; the signature is then checked with that repository's own secret.
/// </summary>
internal sealed class WebhookRouter(RepositoryRegistry repositories)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string? name, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        var repository = name is not null ? repositories.Find(name) : repositories.FindForWebhook(FullName(body));
        return repository switch
        {
            null => Results.Json(new { message = "unknown repository" }, statusCode: StatusCodes.Status404NotFound),

            // The reason is in the log and /v1/status (behind the node token), not in an unauthenticated answer.
            { Worker.Fault: not null } => Results.Json(new { message = "repository stopped" }, statusCode: StatusCodes.Status503ServiceUnavailable),
            _ => repository.Webhook.Handle(request, body),
        };
    }

    private static string? FullName(byte[] body)
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
            return null; // the handler answers 401 or ignores it, as for any payload it cannot read
        }
    }
}
