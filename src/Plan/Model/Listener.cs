namespace GitGateway.Plan.Model;

/// <summary>
/// One Gateway listener with everything attached to it. Several listeners may share a port; the proxy
/// chooses among them by SNI (TLS) or Host (HTTP), most specific hostname first.
/// </summary>
/// <param name="Id"><c>gateway/&lt;ns&gt;/&lt;name&gt;/listener/&lt;listener&gt;</c>.</param>
/// <param name="Gateway">The Gateway this listener belongs to.</param>
/// <param name="Name">The listener name.</param>
/// <param name="Port">The Gateway port (the proxy may map it to another local port).</param>
/// <param name="Protocol">The protocol served.</param>
/// <param name="Hostname">The listener hostname (exact or <c>*.suffix</c>), or null for any.</param>
/// <param name="Tls">TLS settings for HTTPS and TLS listeners.</param>
/// <param name="VirtualHosts">HTTP and gRPC routes grouped by hostname, most specific hostname first.</param>
/// <param name="L4Routes">TCP, TLS and UDP routes, in precedence order.</param>
/// <param name="Source">Where the listener is declared.</param>
public sealed record Listener(
    string Id,
    ObjectRef Gateway,
    string Name,
    int Port,
    ListenerProtocol Protocol,
    string? Hostname,
    ListenerTls? Tls,
    EquatableArray<VirtualHost> VirtualHosts,
    EquatableArray<L4Route> L4Routes,
    SourceMark Source);
