using System.Collections.Concurrent;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>A code host that records the checks it is given (the GitHub side is covered by the emulator tests).</summary>
internal sealed class RecordingCodeHost : ICodeHost
{
    public ConcurrentQueue<CheckReport> Checks { get; } = new();

    public Task<IReadOnlyList<OpenPullRequest>> ListOpenPullRequestsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OpenPullRequest>>([]);

    public Task UpsertCommentAsync(int pullRequest, string body, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SetCheckAsync(CheckReport check, CancellationToken cancellationToken)
    {
        Checks.Enqueue(check);
        return Task.CompletedTask;
    }
}
