namespace GitGateway.Reconciler.Apply;

/// <summary>
/// How one node differs from what the applied plan says (issue 15, point 3): each difference in words, since when
/// the node has differed without a break, and how long it has served an older plan than its revision (0 when it
/// serves the right one).
/// </summary>
internal sealed record NodeDrift(string Node, IReadOnlyList<string> Differences, DateTimeOffset Since, double BehindSeconds)
{
    /// <summary>The node serves another plan than its revision (or none).</summary>
    public bool Behind { get; init; }

    /// <summary>The node has not reported for longer than the fleet view waits.</summary>
    public bool Silent { get; init; }

    /// <summary>The plan hash the node serves, when it said.</summary>
    public string? Serving { get; init; }

    /// <summary>The revision the node should serve, and its plan hash.</summary>
    public long? Revision { get; init; }

    public string? PlanHash { get; init; }
}
