namespace GitGateway.Reconciler.Review;

/// <summary>
/// A commit check as the reconciler means it (<c>gitgateway/plan</c>, <c>gitgateway/apply</c>): the code host
/// turns it into a check run with annotations, or a commit status when it cannot.
/// </summary>
internal sealed record CheckReport(string Name, string Sha, CheckOutcome Outcome, string Title, string Summary, string? Text, IReadOnlyList<LineAnnotation> Annotations);
