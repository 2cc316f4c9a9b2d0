namespace GitGateway.Reconciler.Serve;

/// <summary>
/// <c>rollout:</c> at the top of the serve config (defaults) or in a repository: how many nodes take a new plan
/// first, how long they bake, what counts as a regression, and which canaries have the routing tests replayed. Fields left out keep the defaults
/// (<see cref="Apply.RolloutOptions.Default"/>).
/// </summary>
internal sealed class ServeRolloutConfig
{
    public int? CanaryNodes { get; set; }

    public string? Bake { get; set; }

    public double? MaxErrorRate { get; set; }

    public int? MinRequests { get; set; }

    /// <summary>
    /// Node name → where its listeners are reached: a canary listed here has the repository's routing tests replayed
    /// against it during its bake. Replaces the top level's list as a whole.
    /// </summary>
    public Dictionary<string, ServeReplayTarget>? Replay { get; set; }
}
