using System.Net;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// Reports to GitHub: check runs with annotations when authenticated as an App (the Checks API needs one),
/// commit statuses otherwise. https://docs.github.com/en/rest/checks/runs. A pending check (a commit that waits:
/// paused, frozen) is a run left in progress, and the next report of that check on that commit completes the same
/// run (<see cref="HeldCheckRuns"/>), so a held commit that is applied later has one run, not two.
/// </summary>
/// <param name="copyHeld">Where the held runs are copied besides the state folder (the cluster's state copy), if anywhere.</param>
internal sealed class GitHubCodeHost(GitHubClient client, GitHubRepo repo, string? stateDirectory = null, Func<IReadOnlyList<HeldCheckRun>, CancellationToken, Task>? copyHeld = null) : ICodeHost
{
    private readonly HeldCheckRuns _held = new(stateDirectory, copyHeld);

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
            await SetCheckRunAsync(check, cancellationToken);
            return;
        }

        await client.CreateCommitStatusAsync(repo, check.Sha, State(check.Outcome), check.Name, check.Title, check.DetailsUrl, cancellationToken);
    }

    private async Task SetCheckRunAsync(CheckReport check, CancellationToken cancellationToken)
    {
        var annotations = check.Annotations
            .Select(a => new CheckAnnotation(a.File, a.Line, a.Line, a.Level, a.Message, a.Title))
            .ToList();
        var output = new CheckRunOutput(check.Title, check.Summary, check.Text, annotations);
        var conclusion = check.Outcome == CheckOutcome.Pending ? null : Conclusion(check.Outcome);
        if (_held.Find(check.Sha, check.Name) is { } held)
        {
            try
            {
                await client.UpdateCheckRunAsync(repo, held, conclusion, output, cancellationToken, check.DetailsUrl);
                if (conclusion is not null)
                {
                    await _held.SetAsync(check.Sha, check.Name, null, cancellationToken);
                }

                return;
            }
            catch (GitHubApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
            {
                await _held.SetAsync(check.Sha, check.Name, null, cancellationToken); // the run is gone (or not ours): a new one
            }
        }

        var run = await client.CreateCheckRunAsync(repo, check.Name, check.Sha, conclusion, output, cancellationToken, check.DetailsUrl);
        if (conclusion is null)
        {
            await _held.SetAsync(check.Sha, check.Name, run.Id, cancellationToken);
        }
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
