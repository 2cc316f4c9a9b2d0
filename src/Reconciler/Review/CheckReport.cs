namespace GitGateway.Reconciler.Review;

/// <summary>
/// A commit check as the reconciler means it (<c>gitgateway/plan</c>, <c>gitgateway/apply</c>): the code host
/// turns it into a check run with annotations, or a commit status when it cannot.
/// </summary>
internal sealed record CheckReport(string Name, string Sha, CheckOutcome Outcome, string Title, string Summary, string? Text, IReadOnlyList<LineAnnotation> Annotations)
{
    /// <summary>Where the check's "Details" link leads: the whole review on the control plane, when it serves one.</summary>
    public string? DetailsUrl { get; init; }
}
