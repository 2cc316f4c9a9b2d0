namespace GitGateway.Proxy.Sync;

/// <summary>
/// Where a node finds its control plane: the base address, the node's name, the bearer token, where the last
/// good plan is kept on disk (so a restarted node serves it before the control plane answers), and how long
/// one long-poll may wait.
/// </summary>
public sealed record ControlPlaneOptions(Uri BaseAddress, string NodeName, string Token, string? LastGoodPlanPath = null, int WaitSeconds = 25);
