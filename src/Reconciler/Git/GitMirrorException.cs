namespace GitGateway.Reconciler.Git;

/// <summary>A git command that failed or timed out; the message is already free of credentials.</summary>
internal sealed class GitMirrorException(string message) : Exception(message);
