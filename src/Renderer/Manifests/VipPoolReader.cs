using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// Reads ProxyVIPPool objects (docs/kinds.md): the address ranges the platform team allocates VIPs from.
/// Fields: <c>spec.cidrs[]</c> (required), <c>spec.allowedPrefixLengths[]</c> (optional; host routes are always
/// allowed, 0 never).
/// </summary>
internal static class VipPoolReader
{
    /// <summary>Reads <paramref name="obj"/>; null when unusable.</summary>
    public static VipPoolObject? Read(ManifestObject obj, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(f);
        var spec = f.Map(obj.Root, "spec", required: true);
        var before = f.Diagnostics.ErrorCount;
        var networks = new List<IPNetwork>();
        foreach (var s in f.StrSeq(spec, "cidrs"))
        {
            if (!IPNetwork.TryParse(s.Value, out var net) || net.ToString() != s.Value)
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidVipPool, s.Mark, $"'{s.Value}' is not a prefix in canonical form (e.g. 10.200.0.0/24, 2001:db8:100::/64)");
            }
            else if (net.PrefixLength == 0)
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidVipPool, s.Mark, $"'{s.Value}' covers every address: a pool is a range the platform allocated, never the default route");
            }
            else
            {
                networks.Add(net);
            }
        }

        if (networks.Count == 0 && f.Diagnostics.ErrorCount == before)
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidVipPool, spec?.Mark ?? obj.Mark, "a ProxyVIPPool needs 'cidrs', e.g. [10.200.0.0/24]");
        }

        var lengths = new List<int>();
        foreach (var node in f.Seq(spec, "allowedPrefixLengths"))
        {
            if (node is YamlScalar s && int.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 128)
            {
                lengths.Add(n);
            }
            else
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidVipPool, node.Mark, "an allowed prefix length is an integer between 1 and 128 (0, the default route, is never allowed)");
            }
        }

        if (f.Diagnostics.ErrorCount > before)
        {
            return null;
        }

        var pool = new VipPool(obj.Name, networks.Select(n => n.ToString()).Order(StringComparer.Ordinal).ToEquatableArray(),
            lengths.Distinct().Order().ToEquatableArray(), obj.Mark);
        return new VipPoolObject(obj, pool, networks);
    }

    /// <summary>Whether <paramref name="vip"/> lies inside <paramref name="pool"/> with a length the pool allows.</summary>
    public static bool Allows(VipPoolObject pool, IPNetwork vip)
    {
        var host = vip.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        return pool.Networks.Any(n => n.BaseAddress.AddressFamily == vip.BaseAddress.AddressFamily && n.PrefixLength <= vip.PrefixLength && n.Contains(vip.BaseAddress))
            && (vip.PrefixLength == host || pool.Pool.AllowedPrefixLengths.Contains(vip.PrefixLength));
    }
}
