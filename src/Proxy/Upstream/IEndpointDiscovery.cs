using GitGateway.Proxy.Forwarding;

namespace GitGateway.Proxy.Upstream;

/// <summary>
/// The seam between the backend map and a source of endpoints (the EndpointSlice watch of
/// <c>Discovery/</c>): a Service port that routes reference is tracked, and its endpoint set kept current.
/// </summary>
internal interface IEndpointDiscovery
{
    /// <summary>
    /// Keeps <paramref name="endpoints"/> current for Service <paramref name="ns"/>/<paramref name="name"/> port
    /// <paramref name="port"/>; while discovery knows no usable endpoint it holds <paramref name="fallback"/>.
    /// </summary>
    void Track(string ns, string name, int port, BackendEndpoints endpoints, IReadOnlyList<string> fallback);
}
