namespace GitGateway.Vip.Announcing;

/// <summary>
/// The seam between the proxy node and the announcer: the proxy (or a poller of its <c>/readyz</c>) publishes
/// whether it serves, which plan revision and which ports; the announcer follows.
/// </summary>
public interface IProxyReadiness
{
    /// <summary>The latest report.</summary>
    ProxyReadiness Current { get; }

    /// <summary>A task that completes at the next change of <see cref="Current"/>.</summary>
    Task Changed { get; }
}
