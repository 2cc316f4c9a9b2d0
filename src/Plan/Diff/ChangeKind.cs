namespace GitGateway.Plan.Diff;

/// <summary>What happened to an element between two plans.</summary>
public enum ChangeKind
{
    /// <summary>Present only in the new plan.</summary>
    Added,

    /// <summary>Present only in the old plan.</summary>
    Removed,

    /// <summary>Present in both with a different field value.</summary>
    Changed,
}
