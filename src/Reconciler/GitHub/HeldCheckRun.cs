namespace GitGateway.Reconciler.GitHub;

/// <summary>A check run left in progress for a waiting commit (<see cref="HeldCheckRuns"/>).</summary>
internal sealed record HeldCheckRun(string Sha, string Name, long Id);
