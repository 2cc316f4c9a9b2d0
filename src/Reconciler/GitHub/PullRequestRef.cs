namespace GitGateway.Reconciler.GitHub;

/// <summary>The <c>head</c> or <c>base</c> of a pull request: a branch name and the commit it points at.</summary>
internal sealed record PullRequestRef(string Ref, string Sha);
