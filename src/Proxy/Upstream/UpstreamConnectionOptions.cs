namespace GitGateway.Proxy.Upstream;

/// <summary>
/// How long a node keeps a connection to an endpoint: an idle one is closed after <paramref name="IdleTimeout"/>, and
/// any is retired (not reused, closed once its exchanges end) after <paramref name="MaxLifetime"/>, so long-lived
/// HTTP/2 and keep-alive connections move to new pods and follow DNS changes.
/// </summary>
internal sealed record UpstreamConnectionOptions(TimeSpan IdleTimeout, TimeSpan MaxLifetime)
{
    /// <summary>90 s idle (below the common 120 s of backend servers' keep-alive), 5 minutes lifetime.</summary>
    public static UpstreamConnectionOptions Default { get; } = new(TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(5));
}
