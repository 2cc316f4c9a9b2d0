namespace GitGateway.Reconciler.Apply;

/// <summary>What happened to a commit of the target branch.</summary>
internal enum ApplyOutcome
{
    /// <summary>Already handled; nothing done.</summary>
    Unchanged,

    /// <summary>Published to the nodes (or the nodes already served this exact plan).</summary>
    Applied,

    /// <summary>The render has errors: the last good plan keeps serving.</summary>
    Refused,

    /// <summary>Planned but held back by an open freeze window.</summary>
    Frozen,

    /// <summary>A canary showed a regression: the rollout stopped there and the canary went back to the last good plan.</summary>
    Halted,

    /// <summary>Held back because applies are paused (the kill switch).</summary>
    Paused,

    /// <summary>Held back because its plan was not shown green on a pull request (<see cref="ReviewGate"/>).</summary>
    Unreviewed,
}
