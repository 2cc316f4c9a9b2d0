namespace GitGateway.Plan.Model;

/// <summary>
/// A weighted backend of a rule. When <see cref="Unresolved"/> is set the reference did not resolve and
/// the proxy answers 500 for the share of traffic this backend's weight would have received.
/// </summary>
/// <param name="Id"><c>&lt;kind&gt;/&lt;ns&gt;/&lt;name&gt;:&lt;port&gt;</c>, unique within the entry.</param>
/// <param name="Kind">The backend kind, <c>Service</c> for core Services.</param>
/// <param name="Namespace">The backend's namespace.</param>
/// <param name="Name">The backend's name.</param>
/// <param name="Port">The Service port.</param>
/// <param name="Weight">The relative weight (0 takes no traffic).</param>
/// <param name="AppProtocol">The Service port's appProtocol (e.g. <c>kubernetes.io/h2c</c>, <c>kubernetes.io/ws</c>).</param>
/// <param name="Filters">Filters that apply only when this backend is chosen.</param>
/// <param name="Unresolved">The reason the reference did not resolve (a Gateway API reason), or null.</param>
/// <param name="Tls">TLS to the backend (a BackendTLSPolicy targets its Service port), or null for cleartext.</param>
public sealed record Backend(
    string Id,
    string Kind,
    string Namespace,
    string Name,
    int Port,
    int Weight,
    string? AppProtocol,
    EquatableArray<Filter> Filters,
    string? Unresolved,
    UpstreamTls? Tls = null);
