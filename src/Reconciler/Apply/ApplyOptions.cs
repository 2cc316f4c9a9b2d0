namespace GitGateway.Reconciler.Apply;

/// <summary>
/// The target branch, the nodes expected to answer (when empty: every node seen in the last two minutes),
/// and how long to wait for their answers.
/// </summary>
internal sealed record ApplyOptions(string TargetBranch, IReadOnlyList<string> Nodes, TimeSpan AckTimeout)
{
    /// <summary>Canary share, bake time and what counts as a regression.</summary>
    public RolloutOptions Rollout { get; init; } = RolloutOptions.Default;

    /// <summary>Apply only plans shown green on a pull request (<see cref="ReviewGate"/>); off by default.</summary>
    public bool RequireReviewedPlans { get; init; }
}
