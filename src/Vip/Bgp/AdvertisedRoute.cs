using System.Net;
using GitGateway.Plan;

namespace GitGateway.Vip.Bgp;

/// <summary>A route this speaker originates; the session adds ORIGIN, AS_PATH and NEXT_HOP per peer (RFC 4271 §5.1).</summary>
/// <param name="Prefix">The VIP prefix.</param>
/// <param name="Med">MULTI_EXIT_DISC, or null.</param>
/// <param name="LocalPref">LOCAL_PREF, sent to iBGP peers only (RFC 4271 §5.1.5), or null.</param>
/// <param name="Communities">Standard communities (RFC 1997).</param>
/// <param name="LargeCommunities">Large communities (RFC 8092).</param>
public sealed record AdvertisedRoute(
    IPNetwork Prefix,
    uint? Med,
    uint? LocalPref,
    EquatableArray<uint> Communities,
    EquatableArray<LargeCommunity> LargeCommunities);
