using System.Net;
using System.Net.Sockets;
using GitGateway.Plan;

namespace GitGateway.Vip.Bgp;

/// <summary>The UPDATE for an originated route, per peer (RFC 4271 §5.1, RFC 4760 §3).</summary>
internal static class RouteAttributeBuilder
{
    /// <summary>The announcement, or null when no next hop of the route's family is known for this session.</summary>
    public static UpdateMessage? Announce(AdvertisedRoute route, BgpSessionSettings settings, IPAddress localAddress)
    {
        var attributes = new PathAttributes(
            Origin: BgpOrigin.Igp,
            // §5.1.2: towards an external peer the speaker prepends its own AS; towards an internal peer it
            // originates the route with an empty AS_PATH.
            AsPath: settings.IsExternal ? [AsPathSegment.Sequence(settings.LocalAs)] : [],
            Med: route.Med,
            LocalPref: settings.IsExternal ? null : route.LocalPref, // §5.1.5: never sent to external peers
            Communities: route.Communities.IsEmpty ? null : (EquatableArray<uint>?)route.Communities,
            LargeCommunities: route.LargeCommunities.IsEmpty ? null : (EquatableArray<LargeCommunity>?)route.LargeCommunities);
        if (route.Prefix.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
        {
            var nextHop = settings.NextHopV4 ?? (localAddress.IsIPv4MappedToIPv6 ? localAddress.MapToIPv4() : localAddress);
            return nextHop.AddressFamily != AddressFamily.InterNetwork
                ? null
                : new UpdateMessage(default, attributes with { NextHop = nextHop }, [route.Prefix]);
        }

        // RFC 4760 §3 / RFC 2545: IPv6 next hop; over an IPv4 session the IPv4-mapped form of the local address.
        var v6 = settings.NextHopV6 ?? (localAddress.AddressFamily == AddressFamily.InterNetworkV6 ? localAddress : localAddress.MapToIPv6());
        return new UpdateMessage(default, attributes with { MpReach = new MpReach(BgpFamily.Ipv6Unicast, v6, null, [route.Prefix]) }, default);
    }

    /// <summary>Withdrawals in as few UPDATEs as fit in 4096 octets.</summary>
    public static IEnumerable<UpdateMessage> Withdraw(IEnumerable<IPNetwork> prefixes)
    {
        foreach (var chunk in prefixes.Where(p => p.BaseAddress.AddressFamily == AddressFamily.InterNetwork).Chunk(500))
        {
            yield return new UpdateMessage([.. chunk], PathAttributes.None, default);
        }

        foreach (var chunk in prefixes.Where(p => p.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6).Chunk(200))
        {
            yield return new UpdateMessage(default, new PathAttributes(MpUnreach: new MpUnreach(BgpFamily.Ipv6Unicast, [.. chunk])), default);
        }
    }

    /// <summary>The family of a prefix.</summary>
    public static BgpFamily FamilyOf(IPNetwork prefix) =>
        prefix.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? BgpFamily.Ipv4Unicast : BgpFamily.Ipv6Unicast;
}
