using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Demo;

/// <summary>The code host when none is configured (a local repository, the demo): checks go to the log only.</summary>
internal sealed partial class LogCodeHost(ILogger<LogCodeHost> logger) : ICodeHost
{
    public Task<IReadOnlyList<OpenPullRequest>> ListOpenPullRequestsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OpenPullRequest>>([]);

    public Task UpsertCommentAsync(int pullRequest, string body, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SetCheckAsync(CheckReport check, CancellationToken cancellationToken)
    {
        LogCheck(logger, check.Name, ShortId.Commit(check.Sha, 7), check.Outcome, check.Title);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Check} on {Sha}: {Outcome}: {Title}")]
    private static partial void LogCheck(ILogger logger, string check, string sha, CheckOutcome outcome, string title);
}
