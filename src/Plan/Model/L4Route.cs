namespace GitGateway.Plan.Model;

/// <summary>
/// A TCPRoute, TLSRoute or UDPRoute rule attached to a listener. For TLS passthrough the proxy picks the
/// route by SNI among <see cref="Hostnames"/> (most specific first); otherwise the first route serves.
/// </summary>
/// <param name="Id"><c>tcproute/&lt;ns&gt;/&lt;name&gt;/rule/&lt;i&gt;</c> (tlsroute, udproute likewise).</param>
/// <param name="Route">The route.</param>
/// <param name="Hostnames">SNI hostnames (TLSRoute), effective after intersection with the listener.</param>
/// <param name="Backends">Weighted backends.</param>
/// <param name="Source">Where the rule is declared.</param>
public sealed record L4Route(
    string Id,
    ObjectRef Route,
    EquatableArray<string> Hostnames,
    EquatableArray<Backend> Backends,
    SourceMark Source);
