namespace GitGateway.Reconciler.Apply;

/// <summary>
/// Where the control plane reaches a node's listeners to replay routing tests during a canary bake: its address,
/// and the port each plan port is served on when it is not the plan's own (a node behind port mapping).
/// </summary>
internal sealed record ReplayTarget(string Address, IReadOnlyDictionary<int, int> Ports)
{
    public int PortFor(int planPort) => Ports.GetValueOrDefault(planPort, planPort);
}
