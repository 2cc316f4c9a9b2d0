namespace GitGateway.Reconciler.GitHub;

/// <summary>The fields of a pull request the reconciler uses (<c>GET /repos/{owner}/{repo}/pulls</c>).</summary>
internal sealed record PullRequest(int Number, string State, string? Title, PullRequestRef Head, PullRequestRef Base);
