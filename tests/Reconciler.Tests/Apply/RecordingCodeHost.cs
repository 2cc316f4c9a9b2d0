using System.Collections.Concurrent;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>A code host that records the checks and comments it is given (the GitHub side is covered by the emulator tests).</summary>
internal sealed class RecordingCodeHost : ICodeHost
{
    public ConcurrentQueue<CheckReport> Checks { get; } = new();

    /// <summary>Every comment written or edited, with its pull request's number, in order.</summary>
    public ConcurrentQueue<(int PullRequest, string Body)> Comments { get; } = new();

    public Task<IReadOnlyList<OpenPullRequest>> ListOpenPullRequestsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OpenPullRequest>>([]);

    public Task UpsertCommentAsync(int pullRequest, string body, CancellationToken cancellationToken)
    {
        Comments.Enqueue((pullRequest, body));
        return Task.CompletedTask;
    }

    public Task SetCheckAsync(CheckReport check, CancellationToken cancellationToken)
    {
        Checks.Enqueue(check);
        return Task.CompletedTask;
    }
}
