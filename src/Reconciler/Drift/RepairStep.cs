namespace GitGateway.Reconciler.Drift;

/// <summary>What a repair step did for one node.</summary>
internal enum RepairStep
{
    /// <summary>The node is re-sent its revision.</summary>
    Resend,

    /// <summary>The bound of re-sends is reached; the node stays in drift.</summary>
    GaveUp,

    /// <summary>The node serves its revision again after being re-sent it.</summary>
    Repaired,
}
