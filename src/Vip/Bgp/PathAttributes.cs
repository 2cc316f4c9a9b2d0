using System.Net;
using GitGateway.Plan;

namespace GitGateway.Vip.Bgp;

/// <summary>The path attributes of an UPDATE (RFC 4271 §5), typed where this speaker reads or writes them.</summary>
/// <param name="Origin">ORIGIN (type 1).</param>
/// <param name="AsPath">AS_PATH (type 2); empty for a route originated towards an iBGP peer.</param>
/// <param name="NextHop">NEXT_HOP (type 3), IPv4 only.</param>
/// <param name="Med">MULTI_EXIT_DISC (type 4).</param>
/// <param name="LocalPref">LOCAL_PREF (type 5).</param>
/// <param name="Communities">COMMUNITIES (type 8, RFC 1997).</param>
/// <param name="MpReach">MP_REACH_NLRI (type 14, RFC 4760).</param>
/// <param name="MpUnreach">MP_UNREACH_NLRI (type 15, RFC 4760).</param>
/// <param name="LargeCommunities">LARGE_COMMUNITY (type 32, RFC 8092).</param>
/// <param name="Others">Every other attribute, in the order received.</param>
public sealed record PathAttributes(
    BgpOrigin? Origin = null,
    EquatableArray<AsPathSegment>? AsPath = null,
    IPAddress? NextHop = null,
    uint? Med = null,
    uint? LocalPref = null,
    EquatableArray<uint>? Communities = null,
    MpReach? MpReach = null,
    MpUnreach? MpUnreach = null,
    EquatableArray<LargeCommunity>? LargeCommunities = null,
    EquatableArray<RawAttribute> Others = default)
{
    /// <summary>No attributes (a pure withdrawal).</summary>
    public static PathAttributes None { get; } = new();

    /// <summary>Whether no attribute is present.</summary>
    public bool IsEmpty => this == None;

    /// <summary>Type codes of the attributes modelled here (RFC 4271 §5, RFC 1997, RFC 4760, RFC 8092).</summary>
    public const byte OriginCode = 1, AsPathCode = 2, NextHopCode = 3, MedCode = 4, LocalPrefCode = 5,
        AtomicAggregateCode = 6, AggregatorCode = 7, CommunitiesCode = 8, MpReachCode = 14, MpUnreachCode = 15,
        LargeCommunitiesCode = 32;

    /// <summary>Attribute flag bits (RFC 4271 §4.3).</summary>
    public const byte Optional = 0x80, Transitive = 0x40, Partial = 0x20, ExtendedLength = 0x10;
}
