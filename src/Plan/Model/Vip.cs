namespace GitGateway.Plan.Model;

/// <summary>A virtual IP announced by the nodes while their proxy serves it (ProxyVIP).</summary>
/// <param name="Id"><c>vip/&lt;name&gt;</c>.</param>
/// <param name="Name">The ProxyVIP name.</param>
/// <param name="Addresses">Prefixes (<c>/32</c> or <c>/128</c>); two for <c>dual</c>.</param>
/// <param name="AddressFamily"><c>ipv4</c>, <c>ipv6</c> or <c>dual</c>.</param>
/// <param name="Mode"><c>BGP</c>.</param>
/// <param name="Ports">Ports the VIP fronts.</param>
/// <param name="NodeSelector">Labels a node must have to announce it, as <c>key=value</c>, sorted.</param>
/// <param name="Gateways">Gateways that use the VIP.</param>
/// <param name="Bgp">BGP settings.</param>
/// <param name="Bfd">BFD settings, or null when disabled.</param>
/// <param name="Source">Where the ProxyVIP is declared.</param>
public sealed record Vip(
    string Id,
    string Name,
    EquatableArray<string> Addresses,
    string AddressFamily,
    string Mode,
    EquatableArray<int> Ports,
    EquatableArray<string> NodeSelector,
    EquatableArray<ObjectRef> Gateways,
    BgpSettings? Bgp,
    BfdSettings? Bfd,
    SourceMark Source);
