namespace GitGateway.Reconciler.Review;

/// <summary>
/// A plan shown on a pull request: the pull request, the head it was shown for, whether that review's
/// <c>gitgateway/plan</c> check passed, and its place in the order plans were shown (to forget the oldest first).
/// </summary>
internal sealed record ReviewedPlan(int PullRequest, string Head, bool Passed, long Order);
