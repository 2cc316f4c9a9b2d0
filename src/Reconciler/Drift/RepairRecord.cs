namespace GitGateway.Reconciler.Drift;

/// <summary>
/// The repair of one node (shown in <c>/v1/status</c> under <c>repairs</c>): the revision it is re-sent, how many
/// times so far, when last and when next; <see cref="GaveUp"/> once the bound is reached, <see cref="RepairedAt"/>
/// once the node serves its revision.
/// </summary>
internal sealed record RepairRecord(string Node, long Revision, string PlanHash, int Attempts, DateTimeOffset? LastAttempt, DateTimeOffset NextAttempt)
{
    public bool GaveUp { get; init; }

    public DateTimeOffset? RepairedAt { get; init; }
}
