using GitGateway.Plan.Model;
using GitGateway.Proxy.Filters;
using GitGateway.Proxy.Forwarding;

namespace GitGateway.Proxy.Routing;

/// <summary>A backend ready to serve: resolved endpoints, upstream protocol and its own filters.</summary>
internal sealed class CompiledBackend
{
    public CompiledBackend(Backend backend, BackendEndpoints? endpoints, FilterSet filters, bool forceHttp2)
    {
        Id = backend.Id;
        Weight = backend.Weight;
        Unresolved = backend.Unresolved;
        Endpoints = endpoints;
        Filters = filters;
        // kubernetes.io/h2c: HTTP/2 prior knowledge upstream (Gateway API GEP-1911); gRPC is always HTTP/2.
        Http2 = forceHttp2 || string.Equals(backend.AppProtocol, "kubernetes.io/h2c", StringComparison.Ordinal);
    }

    public string Id { get; }

    public int Weight { get; }

    public string? Unresolved { get; }

    /// <summary>Null when <see cref="Unresolved"/> is set.</summary>
    public BackendEndpoints? Endpoints { get; }

    public FilterSet Filters { get; }

    public bool Http2 { get; }

    /// <summary>TLS to the backend (BackendTLSPolicy), or null for cleartext.</summary>
    public UpstreamTlsClient? Tls { get; init; }

    /// <summary>Response filters of the entry and this backend; set once by the entry that owns the backend.</summary>
    public ResponseShaper Shaper { get; set; } = ResponseShaper.None;
}
