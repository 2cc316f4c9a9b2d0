using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// Work for the reconcile loop: fetch, then apply the target branch and review pull requests
/// (<see cref="PullRequest"/> set: review that one now; null: review every open one whose head changed).
/// </summary>
internal sealed record ReconcileRequest(string Reason, OpenPullRequest? PullRequest = null, bool ApplyTarget = true);
