namespace GitGateway.Reconciler.Apply;

/// <summary>
/// How a new plan is rolled out: first to <see cref="CanaryNodes"/> nodes (the first by name; 0 turns canaries off,
/// and a plan goes straight to every node when there are no more nodes than canaries), which bake for
/// <see cref="Bake"/> while the control plane watches their own signals; a route whose 5xx rate on a canary exceeds
/// the other nodes' rate on it by more than <see cref="MaxErrorRate"/>, over at least <see cref="MinRequests"/>
/// requests, halts the rollout. A canary listed in <see cref="Replay"/> also has the repository's routing tests
/// replayed against its listeners as real requests when it ACKs (<see cref="CanaryReplay"/>); one that fails halts.
/// </summary>
internal sealed record RolloutOptions(int CanaryNodes, TimeSpan Bake, double MaxErrorRate, int MinRequests)
{
    private static readonly IReadOnlyDictionary<string, ReplayTarget> NoReplay = new Dictionary<string, ReplayTarget>(StringComparer.Ordinal);

    public static RolloutOptions Default { get; } = new(1, TimeSpan.FromSeconds(10), 0.05, 20);

    /// <summary>The nodes whose listeners routing tests are replayed against when they are canaries (none by default).</summary>
    public IReadOnlyDictionary<string, ReplayTarget> Replay { get; init; } = NoReplay;
}
