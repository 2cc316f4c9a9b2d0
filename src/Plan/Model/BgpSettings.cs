namespace GitGateway.Plan.Model;

/// <summary>BGP settings of a VIP.</summary>
/// <param name="LocalAs">The local AS (1–4294967295).</param>
/// <param name="RouterId">The BGP identifier (dotted quad); a node may override it.</param>
/// <param name="HoldTimeSeconds">The proposed hold time; keepalive is a third of it.</param>
/// <param name="Communities">Standard communities <c>asn:value</c>.</param>
/// <param name="LargeCommunities">Large communities <c>a:b:c</c>.</param>
/// <param name="LocalPreference">LOCAL_PREF for iBGP peers, or null.</param>
/// <param name="Med">MULTI_EXIT_DISC, or null.</param>
/// <param name="Peers">The peers, sorted by address.</param>
/// <param name="Pace">How fast prefix changes go out to each peer; null: <see cref="UpdatePace.Default"/>.</param>
public sealed record BgpSettings(
    uint LocalAs,
    string RouterId,
    int HoldTimeSeconds,
    EquatableArray<string> Communities,
    EquatableArray<string> LargeCommunities,
    uint? LocalPreference,
    uint? Med,
    EquatableArray<BgpPeer> Peers,
    UpdatePace? Pace = null);
