using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// Work for the reconcile loop: fetch, then apply the target branch and review pull requests
/// (<see cref="PullRequest"/> set: review that one now; null: review every open one whose head changed).
/// <see cref="Force"/> reviews the pull request even if its head was reviewed (a webhook redelivery);
/// <see cref="Done"/> is called once when the work ends, whether it ran, failed or was dropped.
/// <see cref="AnnouncedCommit"/> is the target-branch commit a push named, so a commit overtaken before it was
/// applied still gets its check.
/// </summary>
internal sealed record ReconcileRequest(
    string Reason,
    OpenPullRequest? PullRequest = null,
    bool ApplyTarget = true,
    bool Force = false,
    Action? Done = null,
    string? AnnouncedCommit = null);
