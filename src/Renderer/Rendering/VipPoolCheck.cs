using System.Globalization;
using System.Net;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// What the platform allocated, and no more (docs/kinds.md, ProxyVIPPool): each VIP address lies in a pool with a
/// length that pool allows, and no peer is sent more prefixes than its <c>maxPrefixes</c>. A VIP that breaks a rule
/// is a diagnostic and left out of the plan, so nodes never see it.
/// </summary>
internal sealed class VipPoolCheck
{
    private readonly IReadOnlyList<VipPoolObject> _pools;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, int> _perPeer = new(StringComparer.Ordinal);

    public VipPoolCheck(IReadOnlyList<VipPoolObject> pools, DiagnosticBag diagnostics)
    {
        _pools = pools;
        _diagnostics = diagnostics;
    }

    /// <summary>Whether <paramref name="v"/> may be announced; counts its prefixes against each peer's cap when it may.</summary>
    public bool Admit(VipObject v)
    {
        foreach (var address in v.Vip.Addresses)
        {
            var prefix = IPNetwork.Parse(address);
            if (!_pools.Any(p => VipPoolReader.Allows(p, prefix)))
            {
                var names = _pools.Count == 0 ? "no ProxyVIPPool is declared" : "pools: " + string.Join(", ", _pools.Select(p => $"{p.Pool.Name} {string.Join(' ', p.Pool.Cidrs)}"));
                _diagnostics.Error(DiagnosticCodes.VipOutsidePool, v.Object.Mark,
                    $"ProxyVIP {v.Object.Name} uses {address}, which no ProxyVIPPool allocates ({names}); host routes (/32, /128) need a pool that contains them, other lengths a pool that lists them in allowedPrefixLengths");
                return false;
            }
        }

        var peers = v.Vip.Bgp?.Peers ?? default;
        foreach (var peer in peers)
        {
            var key = Key(peer);
            var after = _perPeer.GetValueOrDefault(key) + v.Vip.Addresses.Count;
            var cap = peer.MaxPrefixes ?? BgpPeer.DefaultMaxPrefixes;
            if (after > cap)
            {
                _diagnostics.Error(DiagnosticCodes.VipPeerOverCap, v.Object.Mark,
                    $"ProxyVIP {v.Object.Name} would bring peer {key} to {after} prefixes, above its maxPrefixes {cap}: raise maxPrefixes (keeping it below the router's maximum-prefix) or announce it to other peers");
                return false;
            }
        }

        foreach (var peer in peers)
        {
            _perPeer[Key(peer)] = _perPeer.GetValueOrDefault(Key(peer)) + v.Vip.Addresses.Count;
        }

        return true;
    }

    private static string Key(BgpPeer peer) => string.Create(CultureInfo.InvariantCulture, $"{peer.Address}:{peer.Port}");
}
