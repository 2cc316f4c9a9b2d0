using System.Net;
using System.Net.Sockets;
using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>Reads ProxyVIP objects (CRDS.md) and checks addresses, AS numbers, router ID and peers.</summary>
internal static class VipReader
{
    /// <summary>Reads <paramref name="obj"/>; null when unusable.</summary>
    public static VipObject? Read(ManifestObject obj, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(f);
        var spec = f.Map(obj.Root, "spec", required: true);
        var before = f.Diagnostics.ErrorCount;
        var family = f.Str(spec, "addressFamily") ?? "ipv4";
        var raw = new List<YamlScalar>();
        if (spec?.Get("address") is YamlScalar single)
        {
            raw.Add(single);
        }

        raw.AddRange(f.StrSeq(spec, "addresses"));
        var addresses = raw.Select(a => Prefix(a, f)).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        // Only when none was written: a written but invalid address has its own diagnostic already.
        if (raw.Count == 0)
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidVip, spec?.Mark ?? obj.Mark, "a ProxyVIP needs 'address' (e.g. 10.200.0.100/32) or 'addresses'");
        }

        CheckFamily(family, addresses, spec?.Mark ?? obj.Mark, f);
        var ports = f.Seq(spec, "ports").Select(p => p is YamlScalar s && int.TryParse(s.Value, out var v) && v is >= 1 and <= 65535 ? v : Bad(p, f))
            .Where(p => p > 0).Distinct().Order().ToEquatableArray();
        var selector = f.StrMap(spec, "nodeSelector").Select(kv => $"{kv.Key}={kv.Value}").ToEquatableArray();
        var mode = f.Str(spec, "mode") ?? "BGP";
        var vip = new Vip($"vip/{obj.Name}", obj.Name, addresses.ToEquatableArray(), family, mode, ports, selector, default,
            Bgp(f.Map(spec, "bgpConfig"), f), Bfd(f.Map(spec, "bfd"), f), obj.Mark);
        return f.Diagnostics.ErrorCount > before ? null : new VipObject(obj, vip);
    }

    private static int Bad(YamlNode p, FieldReader f)
    {
        f.Diagnostics.Error(DiagnosticCodes.OutOfRange, p.Mark, "a VIP port must be an integer between 1 and 65535");
        return 0;
    }

    private static string? Prefix(YamlScalar s, FieldReader f)
    {
        var text = s.Value;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var ipText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(ipText, out var ip))
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidVip, s.Mark, $"'{text}' is not an IP address; write e.g. 10.200.0.100/32 or 2001:db8::1/128");
            return null;
        }

        var host = ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = host;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length) || length > host))
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidVip, s.Mark, $"'{text}' has no valid prefix length: use /{host} for one address");
            return null;
        }

        if (length == 0)
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidVip, s.Mark, $"'{text}' is a default route, which a VIP never is: use /{host}");
            return null;
        }

        // Any other length is checked against the VIP's pool (VipStep); here it only has to name a network.
        if (!HostBitsClear(ip, length))
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidVip, s.Mark, $"'{text}' has host bits set: a /{length} VIP must name the start of its network");
            return null;
        }

        return $"{ip}/{length}";
    }

    private static bool HostBitsClear(IPAddress ip, int length)
    {
        var bytes = ip.GetAddressBytes();
        for (var bit = length; bit < bytes.Length * 8; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The address family of a prefix the reader produced.</summary>
    public static bool IsV4(string prefix) => !prefix.Contains(':', StringComparison.Ordinal);

    private static void CheckFamily(string family, List<string> addresses, SourceMark at, FieldReader f)
    {
        var v4 = addresses.Count(IsV4);
        var v6 = addresses.Count - v4;
        var ok = family switch
        {
            "ipv4" => v6 == 0,
            "ipv6" => v4 == 0,
            "dual" => v4 == 1 && v6 == 1,
            _ => false,
        };
        if (!ok && addresses.Count > 0)
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidVip, at, $"addressFamily '{family}' does not fit the addresses: ipv4 takes IPv4 only, ipv6 IPv6 only, dual one of each");
        }
    }

    private static BgpSettings? Bgp(YamlMapping? map, FieldReader f)
    {
        if (map is null)
        {
            return null;
        }

        var localAs = f.IntInRange(map, "localAS", 1, uint.MaxValue, required: true) ?? 0;
        var routerId = f.Str(map, "routerID") ?? "";
        if (!IPAddress.TryParse(routerId, out var rid) || rid.AddressFamily != AddressFamily.InterNetwork || routerId.Split('.').Length != 4 || rid.Equals(IPAddress.Any))
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidVip, map.Get("routerID")?.Mark ?? map.Mark, $"routerID '{routerId}' must be a non-zero dotted-quad IPv4 address (RFC 6286)");
        }

        var hold = RouteReader.Duration(map, "holdTime", f) ?? 90_000;
        if (hold != 0 && hold < 3000)
        {
            f.Diagnostics.Error(DiagnosticCodes.OutOfRange, map.KeyMark("holdTime"), "holdTime must be 0 or at least 3s (RFC 4271 4.2)");
        }

        var peers = new List<BgpPeer>();
        foreach (var p in f.MapSeq(map, "peers"))
        {
            var address = f.Str(p, "address", required: true) ?? "";
            if (!IPAddress.TryParse(address, out _))
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidVip, p.Mark, $"peer address '{address}' is not an IP address");
            }

            if (p.Get("as") is null)
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidVip, p.Mark, $"peer {address} has no 'as': give the peer's AS number (1-4294967295)");
            }

            var peerAs = f.IntInRange(p, "as", 1, uint.MaxValue) ?? 0;
            var port = f.IntInRange(p, "port", 1, 65535) ?? 179;
            peers.Add(new BgpPeer($"peer/{address}", address, (uint)peerAs, (int)port, f.Str(f.Map(p, "passwordSecretRef"), "name"), VipLimitsReader.MaxPrefixes(p, f),
                (int?)f.IntInRange(p, "ttlSecurityHops", 1, 254)));
        }

        return new BgpSettings((uint)localAs, routerId, (int)(hold / 1000), Strings(map, "communities", f), Strings(map, "largeCommunities", f),
            (uint?)f.IntInRange(map, "localPreference", 0, uint.MaxValue), (uint?)f.IntInRange(map, "med", 0, uint.MaxValue),
            peers.OrderBy(p => p.Address, StringComparer.Ordinal).ToEquatableArray(), VipLimitsReader.Pace(map, f));
    }

    private static EquatableArray<string> Strings(YamlMapping map, string key, FieldReader f) =>
        f.StrSeq(map, key).Select(s => s.Value).Order(StringComparer.Ordinal).ToEquatableArray();

    private static BfdSettings? Bfd(YamlMapping? map, FieldReader f)
    {
        if (map is null || f.Bool(map, "enabled") is not true)
        {
            return null;
        }

        var mult = f.IntInRange(map, "detectMultiplier", 1, 255) ?? 3;
        var tx = RouteReader.Duration(map, "desiredMinTxInterval", f) ?? 300;
        var rx = RouteReader.Duration(map, "requiredMinRxInterval", f) ?? 300;
        return new BfdSettings((int)mult, (int)tx, (int)rx);
    }
}
