using System.Globalization;
using System.Net;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Sync;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// Speaker drift per peer (issue 15): for each BGP peer the plan names for the VIPs every node announces (those
/// without a nodeSelector), the prefixes the node's speaker says it has sent that peer against the plan's. A prefix
/// the plan says to announce that the peer was not sent, or one it was sent that no VIP of the plan gives that peer,
/// is a difference. Only Established sessions that list what they sent are compared: a session that is down is
/// already a difference of its own, and an older node that does not list its prefixes is not judged on them.
/// </summary>
internal static class PeerDrift
{
    /// <summary>A report names prefixes of one plan: bounded like the VIPs of a report.</summary>
    public const int MaxPrefixes = 10_000;

    public static IEnumerable<string> Differences(RoutingPlan plan, IReadOnlyList<PeerReport> peers)
    {
        var must = Expected(plan.Vips.Where(v => v.NodeSelector.IsEmpty));
        var may = Expected(plan.Vips);
        foreach (var peer in peers.Where(p => p.State == "Established" && p.Advertised is not null).OrderBy(p => p.Peer, StringComparer.Ordinal))
        {
            var sent = peer.Advertised!.Select(Normal).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var (prefix, vip) in must.GetValueOrDefault(peer.Peer) ?? [])
            {
                if (!sent.Contains(prefix))
                {
                    yield return $"BGP peer {peer.Peer} was not sent {prefix} ({vip})";
                }
            }

            var allowed = may.GetValueOrDefault(peer.Peer) ?? [];
            foreach (var prefix in sent.Where(p => !allowed.ContainsKey(p)).Order(StringComparer.Ordinal))
            {
                yield return $"BGP peer {peer.Peer} was sent {prefix}, which no VIP of the plan announces to it";
            }
        }
    }

    /// <summary>The peers' keys (<c>address:port</c>, as the speaker names them) to the prefixes and the VIP each belongs to.</summary>
    private static Dictionary<string, SortedDictionary<string, string>> Expected(IEnumerable<GitGateway.Plan.Model.Vip> vips)
    {
        var expected = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var vip in vips.Where(v => v.Bgp is not null && string.Equals(v.Mode, "BGP", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var peer in vip.Bgp!.Peers)
            {
                if (Key(peer) is not { } key)
                {
                    continue;
                }

                if (!expected.TryGetValue(key, out var prefixes))
                {
                    expected[key] = prefixes = new SortedDictionary<string, string>(StringComparer.Ordinal);
                }

                foreach (var prefix in vip.Addresses.Select(Normal).OfType<string>())
                {
                    prefixes.TryAdd(prefix, vip.Id);
                }
            }
        }

        return expected;
    }

    private static string? Key(BgpPeer peer)
    {
        if (!IPAddress.TryParse(peer.Address, out var address))
        {
            return null;
        }

        var port = (peer.Port > 0 ? peer.Port : 179).ToString(CultureInfo.InvariantCulture);
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
    }

    /// <summary>A prefix as the speaker writes it (a bare address is a host route); null when it is not one.</summary>
    private static string? Normal(string? text)
    {
        if (text is null || text.Length > 64)
        {
            return null;
        }

        if (IPNetwork.TryParse(text, out var network))
        {
            return network.ToString();
        }

        return IPAddress.TryParse(text, out var address)
            ? new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128).ToString()
            : null;
    }
}
