using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// Reports to GitHub: check runs with annotations when authenticated as an App (the Checks API needs one),
/// commit statuses otherwise. https://docs.github.com/en/rest/checks/runs
/// </summary>
internal sealed class GitHubCodeHost(GitHubClient client, GitHubRepo repo) : ICodeHost
{
    public async Task<IReadOnlyList<OpenPullRequest>> ListOpenPullRequestsAsync(CancellationToken cancellationToken)
    {
        var prs = await client.ListOpenPullRequestsAsync(repo, cancellationToken);
        return prs.Select(p => new OpenPullRequest(p.Number, p.Head.Sha, p.Base.Ref)).ToList();
    }

    public Task UpsertCommentAsync(int pullRequest, string body, CancellationToken cancellationToken) =>
        client.UpsertMarkedCommentAsync(repo, pullRequest, PlanCommentRenderer.Marker, body, cancellationToken);

    public async Task SetCheckAsync(CheckReport check, CancellationToken cancellationToken)
    {
        if (client.IsApp)
        {
            var annotations = check.Annotations
                .Select(a => new CheckAnnotation(a.File, a.Line, a.Line, a.Level, a.Message, a.Title))
                .ToList();
            var output = new CheckRunOutput(check.Title, check.Summary, check.Text, annotations);
            await client.CreateCheckRunAsync(repo, check.Name, check.Sha, Conclusion(check.Outcome), output, cancellationToken, check.DetailsUrl);
            return;
        }

        await client.CreateCommitStatusAsync(repo, check.Sha, State(check.Outcome), check.Name, check.Title, check.DetailsUrl, cancellationToken);
    }

    private static string Conclusion(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Success => "success",
        CheckOutcome.Failure => "failure",
        _ => "neutral",
    };

    private static string State(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Success => "success",
        CheckOutcome.Failure => "failure",
        _ => "pending",
    };
}
