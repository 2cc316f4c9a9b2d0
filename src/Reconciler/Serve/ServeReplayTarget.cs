namespace GitGateway.Reconciler.Serve;

/// <summary>
/// One node of <c>rollout.replay</c>: the address the control plane reaches its listeners on, and the port each plan
/// port is served on when it differs (<c>ports: {443: 8443}</c>).
/// </summary>
internal sealed class ServeReplayTarget
{
    public string Address { get; set; } = "";

    public Dictionary<int, int>? Ports { get; set; }
}
