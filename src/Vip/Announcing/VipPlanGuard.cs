using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GitGateway.Plan.Model;
using GitGateway.Vip.Bgp;
using PlanVip = GitGateway.Plan.Model.Vip;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// The speaker's own check of a plan, independent of the renderer (a plan file may be written by hand, by an old
/// renderer or by an attacker): every VIP lies in one of the plan's pools with a host length (/32, /128) or one
/// its pool allows, never a default route, and no peer is sent more prefixes than its cap. A plan that fails is
/// refused whole; the announcer keeps the last good one.
/// </summary>
internal static class VipPlanGuard
{
    /// <summary>Why <paramref name="plan"/> must not be announced; empty when it may.</summary>
    public static IReadOnlyList<string> Check(RoutingPlan plan, AnnouncerOptions options)
    {
        var problems = new List<string>();
        if (plan.Vips.Any(v => v is null) || (plan.VipPools ?? default).Any(p => p is null || p.Cidrs.Any(c => c is null)))
        {
            return ["a list of the plan holds null"];
        }

        var vips = plan.Vips.Where(v => v.Bgp is not null).ToList();
        var pools = Pools(plan.VipPools);
        if (vips.Count > 0 && pools.Count == 0)
        {
            problems.Add("the plan carries no VIP pools (vipPools): nothing it names was allocated by the platform");
        }

        foreach (var vip in vips)
        {
            if (HasNull(vip))
            {
                problems.Add($"{vip.Id}: a list holds null");
                continue;
            }

            if (vip.Bgp!.Peers.Any(p => !IPAddress.TryParse(p.Address, out _)) || (options.RouterId is null && !IPAddress.TryParse(vip.Bgp.RouterId, out _)))
            {
                problems.Add($"{vip.Id}: a peer address or the router ID is not an IP address");
            }

            problems.AddRange(TransportProblems(vip));
            foreach (var address in vip.Addresses)
            {
                if (Problem(vip, address, pools) is { } problem)
                {
                    problems.Add(problem);
                }
            }
        }

        if (problems.Count == 0)
        {
            problems.AddRange(OverCap(VipSelection.ForNode(plan, options)));
        }

        return problems;
    }

    // RFC 5082 §3: a peer is 1 to 254 hops away; GTSM and TCP MD5 need Linux socket options.
    private static IEnumerable<string> TransportProblems(PlanVip vip)
    {
        foreach (var peer in vip.Bgp!.Peers)
        {
            if (peer.TtlSecurityHops is { } hops && hops is < 1 or > 254)
            {
                yield return $"{vip.Id}: peer {peer.Address}: ttlSecurityHops {hops} is outside 1-254";
            }

            if (!TransportProtections.Supported && (peer.TtlSecurityHops is not null || peer.PasswordSecretRef is not null))
            {
                yield return $"{vip.Id}: peer {peer.Address}: GTSM and TCP MD5 need Linux; refusing rather than opening the session unprotected";
            }
        }
    }

    private static bool HasNull(PlanVip vip) =>
        vip.Addresses.Any(a => a is null) || vip.NodeSelector.Any(s => s is null)
        || vip.Bgp!.Peers.Any(p => p is null || p.Address is null) || vip.Bgp.Communities.Any(c => c is null) || vip.Bgp.LargeCommunities.Any(c => c is null);

    private static string? Problem(PlanVip vip, string address, List<(IPNetwork Net, VipPool Pool)> pools)
    {
        if (!TryPrefix(address, out var prefix))
        {
            return $"{vip.Id}: '{address}' is not a prefix";
        }

        var host = prefix.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefix.PrefixLength == 0)
        {
            return $"{vip.Id}: {address} is a default route";
        }

        var inside = pools.Where(p => p.Net.BaseAddress.AddressFamily == prefix.BaseAddress.AddressFamily
            && p.Net.PrefixLength <= prefix.PrefixLength && p.Net.Contains(prefix.BaseAddress)).ToList();
        if (inside.Count == 0)
        {
            return $"{vip.Id}: {address} lies in no VIP pool";
        }

        return prefix.PrefixLength == host || inside.Any(p => p.Pool.AllowedPrefixLengths.Contains(prefix.PrefixLength))
            ? null
            : $"{vip.Id}: {address} is a /{prefix.PrefixLength}, which is no host route and which its pool does not allow";
    }

    private static IEnumerable<string> OverCap(IEnumerable<PlanVip> vips)
    {
        var counts = new Dictionary<string, (int Count, int Cap)>(StringComparer.Ordinal);
        foreach (var vip in vips)
        {
            foreach (var peer in vip.Bgp!.Peers)
            {
                var key = string.Create(CultureInfo.InvariantCulture, $"{peer.Address}:{(peer.Port > 0 ? peer.Port : 179)}");
                var (count, cap) = counts.GetValueOrDefault(key, (0, int.MaxValue));
                counts[key] = (count + vip.Addresses.Count, Math.Min(cap, peer.MaxPrefixes ?? BgpPeer.DefaultMaxPrefixes));
            }
        }

        return counts.Where(c => c.Value.Count > c.Value.Cap).Select(c => $"peer {c.Key} would be sent {c.Value.Count} prefixes, above its maxPrefixes {c.Value.Cap}");
    }

    private static List<(IPNetwork Net, VipPool Pool)> Pools(Plan.EquatableArray<VipPool>? pools)
    {
        var result = new List<(IPNetwork, VipPool)>();
        foreach (var pool in pools ?? default)
        {
            foreach (var cidr in pool.Cidrs)
            {
                // A /0 pool would allow anything: it is no allocation and counts as none.
                if (IPNetwork.TryParse(cidr, out var net) && net.PrefixLength > 0)
                {
                    result.Add((net, pool));
                }
            }
        }

        return result;
    }

    private static bool TryPrefix(string text, out IPNetwork prefix)
    {
        if (!text.Contains('/', StringComparison.Ordinal))
        {
            var ok = IPAddress.TryParse(text, out var ip);
            prefix = ok ? new IPNetwork(ip!, ip!.AddressFamily == AddressFamily.InterNetwork ? 32 : 128) : default;
            return ok;
        }

        return IPNetwork.TryParse(text, out prefix);
    }
}
