using GitGateway.Proxy.Forwarding;

namespace GitGateway.Proxy.Filters;

/// <summary>
/// A compiled RequestMirror: where copies go, over which TLS (the mirror Service's BackendTLSPolicy, as for its
/// requests), and which fraction of requests is copied.
/// </summary>
internal sealed class MirrorTarget(string backendId, BackendEndpoints endpoints, bool http2, int numerator, int denominator, UpstreamTlsClient? tls = null)
{
    public string BackendId { get; } = backendId;

    public BackendEndpoints Endpoints { get; } = endpoints;

    public bool Http2 { get; } = http2;

    /// <summary>TLS to the mirror backend (BackendTLSPolicy), or null for cleartext.</summary>
    public UpstreamTlsClient? Tls { get; } = tls;

    /// <summary>Whether this request is one of the mirrored fraction.</summary>
    public bool Sample() => denominator <= 0 || numerator >= denominator || (numerator > 0 && Random.Shared.Next(denominator) < numerator);
}
