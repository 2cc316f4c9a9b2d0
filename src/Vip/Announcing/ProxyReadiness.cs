namespace GitGateway.Vip.Announcing;

/// <summary>What the local proxy reports about itself.</summary>
/// <param name="Ready">The proxy serves traffic.</param>
/// <param name="PlanHash">The plan revision it serves (<c>sha256:…</c>), or null when it does not say (then the latest plan counts).</param>
/// <param name="BoundPorts">The listener ports it has bound, or null when it does not say.</param>
public sealed record ProxyReadiness(bool Ready, string? PlanHash, IReadOnlySet<int>? BoundPorts)
{
    /// <summary>Not ready.</summary>
    public static ProxyReadiness NotReady { get; } = new(false, null, null);

    /// <summary>Ready with whatever plan is current; for tests and <c>--always-ready</c>.</summary>
    public static ProxyReadiness AlwaysReady { get; } = new(true, null, null);
}
