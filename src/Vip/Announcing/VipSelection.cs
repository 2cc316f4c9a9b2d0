using System.Globalization;
using System.Net;
using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Vip.Bgp;
using PlanVip = GitGateway.Plan.Model.Vip;

namespace GitGateway.Vip.Announcing;

/// <summary>Turns a plan into sessions and routes for this node: which VIPs it announces, to which peers, with what.</summary>
internal static class VipSelection
{
    /// <summary>The VIPs of the plan this node announces: BGP mode, with settings, and a nodeSelector its labels match.</summary>
    public static IEnumerable<PlanVip> ForNode(RoutingPlan plan, AnnouncerOptions options) =>
        plan.Vips.Where(v => v.Bgp is not null
            && string.Equals(v.Mode, "BGP", StringComparison.OrdinalIgnoreCase)
            && v.NodeSelector.All(s => Matches(s, options.NodeLabels)));

    /// <summary>
    /// One session per peer address and port; when two VIPs name the same peer the first VIP (by id) sets it up.
    /// <paramref name="passwords"/> are the keys <see cref="PeerSecrets"/> read for this plan.
    /// </summary>
    public static Dictionary<string, PeerPlan> Peers(RoutingPlan plan, AnnouncerOptions options, IReadOnlyDictionary<string, PeerPassword>? passwords = null)
    {
        var peers = new Dictionary<string, PeerPlan>(StringComparer.Ordinal);
        foreach (var vip in ForNode(plan, options))
        {
            var bgp = vip.Bgp!;
            foreach (var peer in bgp.Peers)
            {
                var settings = new BgpSessionSettings(
                    bgp.LocalAs,
                    options.RouterId ?? IPAddress.Parse(bgp.RouterId),
                    IPAddress.Parse(peer.Address),
                    peer.Port > 0 ? peer.Port : 179,
                    peer.As,
                    // RFC 4271 §4.2: the hold time is 0 or at least 3 seconds, and fits two octets.
                    bgp.HoldTimeSeconds <= 0 ? 0 : Math.Clamp(bgp.HoldTimeSeconds, 3, ushort.MaxValue),
                    options.Passive,
                    options.NextHopV4,
                    options.NextHopV6,
                    options.LocalAddress,
                    options.ConnectRetryMin,
                    options.ConnectRetryMax,
                    GracefulRestartSeconds: options.GracefulRestartSeconds,
                    MaxPrefixes: peer.MaxPrefixes ?? BgpPeer.DefaultMaxPrefixes,
                    PacePerSecond: (bgp.Pace ?? UpdatePace.Default).PrefixesPerSecond,
                    PaceBurst: (bgp.Pace ?? UpdatePace.Default).Burst,
                    TtlSecurityHops: peer.TtlSecurityHops,
                    Password: peer.PasswordSecretRef is { } secret ? passwords?.GetValueOrDefault(secret) : null,
                    SendHoldTime: options.SendHoldTime);
                peers.TryAdd(settings.Key, new PeerPlan(settings, vip.Bfd));
            }
        }

        return peers;
    }

    /// <summary>
    /// The VIPs of the plan the proxy serves that it can serve now: with the ports reported, those whose every port is
    /// bound (a listener that failed to bind makes the node unready but costs only the VIPs on its port); without,
    /// all of them while the proxy is ready.
    /// </summary>
    public static List<PlanVip> Serving(RoutingPlan? served, ProxyReadiness readiness, AnnouncerOptions options)
    {
        if (served is null || (!readiness.Ready && readiness.BoundPorts is null))
        {
            return [];
        }

        return [.. ForNode(served, options).Where(vip => readiness.BoundPorts is not { } bound
            || (vip.Ports.All(bound.Contains) && (readiness.Ready || !vip.Ports.IsEmpty)))];
    }

    /// <summary>The routes for each peer, from the plan the proxy serves (<see cref="Serving"/>).</summary>
    public static Dictionary<string, List<AdvertisedRoute>> Routes(RoutingPlan? served, ProxyReadiness readiness, AnnouncerOptions options) =>
        RoutesOf(Serving(served, readiness, options));

    /// <summary>The routes of <paramref name="vips"/> for each peer they name.</summary>
    public static Dictionary<string, List<AdvertisedRoute>> RoutesOf(IEnumerable<PlanVip> vips)
    {
        var routes = new Dictionary<string, List<AdvertisedRoute>>(StringComparer.Ordinal);
        foreach (var vip in vips)
        {
            var bgp = vip.Bgp!;
            EquatableArray<uint> communities = [.. bgp.Communities.Select(ParseCommunity).OfType<uint>()];
            EquatableArray<LargeCommunity> large = [.. bgp.LargeCommunities.Select(t => LargeCommunity.TryParse(t, out var c) ? c : (LargeCommunity?)null).OfType<LargeCommunity>()];
            foreach (var address in vip.Addresses)
            {
                var route = new AdvertisedRoute(ParsePrefix(address), bgp.Med, bgp.LocalPreference, communities, large);
                foreach (var peer in bgp.Peers)
                {
                    var key = new BgpSessionSettings(0, IPAddress.Any, IPAddress.Parse(peer.Address), peer.Port > 0 ? peer.Port : 179, 0).Key;
                    if (!routes.TryGetValue(key, out var list))
                    {
                        routes[key] = list = [];
                    }

                    list.Add(route);
                }
            }
        }

        return routes;
    }

    /// <summary>A VIP address as a prefix; a bare address is a host route.</summary>
    public static IPNetwork ParsePrefix(string address) =>
        address.Contains('/', StringComparison.Ordinal)
            ? IPNetwork.Parse(address)
            : new IPNetwork(IPAddress.Parse(address), IPAddress.Parse(address).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);

    /// <summary>A standard community <c>asn:value</c> as its 32-bit value (RFC 1997), or null.</summary>
    public static uint? ParseCommunity(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 2
            && ushort.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
            && ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
            ? ((uint)high << 16) | low
            : null;
    }

    private static bool Matches(string selector, IReadOnlyDictionary<string, string>? labels)
    {
        var eq = selector.IndexOf('=', StringComparison.Ordinal);
        var key = eq < 0 ? selector : selector[..eq];
        var value = eq < 0 ? "" : selector[(eq + 1)..];
        return labels is not null && labels.TryGetValue(key, out var actual) && actual == value;
    }
}
