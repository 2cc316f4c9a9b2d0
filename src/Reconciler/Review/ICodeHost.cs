namespace GitGateway.Reconciler.Review;

/// <summary>Where review and apply results go: GitHub, or only the log when no code host is configured.</summary>
internal interface ICodeHost
{
    /// <summary>Lists open pull requests: number, head sha, base branch.</summary>
    Task<IReadOnlyList<OpenPullRequest>> ListOpenPullRequestsAsync(CancellationToken cancellationToken);

    /// <summary>Creates or edits the one comment that carries the marker.</summary>
    Task UpsertCommentAsync(int pullRequest, string body, CancellationToken cancellationToken);

    /// <summary>Sets a commit check.</summary>
    Task SetCheckAsync(CheckReport check, CancellationToken cancellationToken);
}
