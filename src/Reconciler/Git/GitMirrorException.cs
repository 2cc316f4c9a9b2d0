namespace GitGateway.Reconciler.Git;

/// <summary>
/// A git command that failed or timed out; the message is already free of credentials. <see cref="Reason"/> is why,
/// as a metric label (<see cref="FetchFailureReason"/>).
/// </summary>
internal sealed class GitMirrorException(string message, string reason = FetchFailureReason.Other) : Exception(message)
{
    public string Reason { get; } = reason;
}
