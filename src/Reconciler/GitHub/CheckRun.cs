namespace GitGateway.Reconciler.GitHub;

/// <summary>A check run as GitHub returns it (only what the reconciler reads).</summary>
internal sealed record CheckRun(long Id, string Name, string HeadSha, string Status, string? Conclusion);
