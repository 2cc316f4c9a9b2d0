namespace GitGateway.Proxy.Sync;

/// <summary>
/// Where a node finds its control plane: the base address, the node's name, the bearer token, where the last
/// good plan is kept on disk (so a restarted node serves it before the control plane answers), how long one
/// long-poll may wait, and which of the control plane's repositories the node follows (null: its default one).
/// </summary>
public sealed record ControlPlaneOptions(Uri BaseAddress, string NodeName, string Token, string? LastGoodPlanPath = null, int WaitSeconds = 25, string? Repository = null)
{
    /// <summary>
    /// Subscribe with server-sent events (one held response, a plan event per new plan) instead of a long-poll per
    /// plan; <see cref="WaitSeconds"/> is then the control plane's keep-alive interval.
    /// </summary>
    public bool ServerSentEvents { get; init; }

    /// <summary>
    /// Ask a long-poll for the changes from the plan the node has instead of the whole plan (the control plane sends
    /// them when it still holds that plan; the node checks the result's hash and asks for the whole plan otherwise).
    /// </summary>
    public bool Deltas { get; init; } = true;

    /// <summary>The default of <see cref="MaxPlanBytes"/>: 64 MiB, many times the plan of a large fleet.</summary>
    public const int DefaultMaxPlanBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The most bytes the node takes for one plan from the control plane (a long-poll's body, an event's data, a line
    /// of the event stream); past it the answer is refused as a failed poll and the node keeps the plan it has.
    /// </summary>
    public int MaxPlanBytes { get; init; } = DefaultMaxPlanBytes;

    /// <summary>
    /// Where the node protocol's paths start: <c>v1/repos/{repository}/</c>, or <c>v1/</c> for the control plane's
    /// default repository.
    /// </summary>
    public string PathPrefix => Repository is null ? "v1/" : $"v1/repos/{Uri.EscapeDataString(Repository)}/";

    /// <summary>Where the node reads the VIPs the other nodes serve (its VIP floor's fleet view).</summary>
    public Uri FleetUrl => new(BaseAddress, $"{PathPrefix}fleet?node={Uri.EscapeDataString(NodeName)}");
}
