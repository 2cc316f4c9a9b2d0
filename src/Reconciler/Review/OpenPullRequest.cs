namespace GitGateway.Reconciler.Review;

/// <summary>An open pull request: its number, head commit and base branch.</summary>
internal sealed record OpenPullRequest(int Number, string HeadSha, string BaseRef);
