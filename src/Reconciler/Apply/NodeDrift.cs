namespace GitGateway.Reconciler.Apply;

/// <summary>
/// How one node differs from what the applied plan says (issue 15, point 3): each difference in words, since when
/// the node has differed without a break, and how long it has served an older plan than its revision (0 when it
/// serves the right one).
/// </summary>
internal sealed record NodeDrift(string Node, IReadOnlyList<string> Differences, DateTimeOffset Since, double BehindSeconds);
