namespace GitGateway.Reconciler.Webhook;

/// <summary>What an unauthenticated webhook request may cost the control plane before its signature is known.</summary>
/// <param name="MaxBodyBytes">GitHub caps payloads at 25 MB and does not deliver larger ones; 413 above it.</param>
/// <param name="MaxUnauthenticated">Deliveries being read and hashed at once; 503 beyond (the poll interval catches up what a refused delivery announced).</param>
internal sealed record WebhookLimits(long MaxBodyBytes = 25L * 1024 * 1024, int MaxUnauthenticated = 4)
{
    public static WebhookLimits Default { get; } = new();
}
