using System.Net;
using GitGateway.Plan;

namespace GitGateway.Vip.Bgp;

/// <summary>MP_REACH_NLRI (RFC 4760 §3) for IPv4 or IPv6 unicast.</summary>
/// <param name="Family">The family of the next hop and the prefixes.</param>
/// <param name="NextHop">The next hop (global address for IPv6).</param>
/// <param name="LinkLocalNextHop">The IPv6 link-local next hop (RFC 2545 §3), or null.</param>
/// <param name="Nlri">The reachable prefixes.</param>
public sealed record MpReach(BgpFamily Family, IPAddress NextHop, IPAddress? LinkLocalNextHop, EquatableArray<IPNetwork> Nlri);
