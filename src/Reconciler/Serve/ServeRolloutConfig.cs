namespace GitGateway.Reconciler.Serve;

/// <summary>
/// <c>rollout:</c> at the top of the serve config (defaults) or in a repository: how many nodes take a new plan
/// first, how long they bake, and what counts as a regression. Fields left out keep the defaults
/// (<see cref="Apply.RolloutOptions.Default"/>).
/// </summary>
internal sealed class ServeRolloutConfig
{
    public int? CanaryNodes { get; set; }

    public string? Bake { get; set; }

    public double? MaxErrorRate { get; set; }

    public int? MinRequests { get; set; }
}
