namespace GitGateway.Reconciler.Review;

/// <summary>
/// What a pull request's comment last showed: the head reviewed, the base branch tip it was merged into (null in
/// files written before bases were tracked) and a digest of the comment's content that does not depend on the base
/// commit, so a base that moved without changing the merged result edits nothing.
/// </summary>
internal sealed record ReviewedHead(string Head, string? Base, string? Digest)
{
    /// <summary>The commit the base branch's apply served when reviewed (see <see cref="PlanInForce"/>); null when none or not known.</summary>
    public string? Applied { get; init; }

    /// <summary>The base's tip the apply held when reviewed, so the diff was against what is served (see <see cref="ServedPlan"/>); null when none.</summary>
    public string? Held { get; init; }

    /// <summary>Why <see cref="Held"/> was held when reviewed, so a new reason on the same tip re-plans; null when none or not known.</summary>
    public string? HeldReason { get; init; }
}
