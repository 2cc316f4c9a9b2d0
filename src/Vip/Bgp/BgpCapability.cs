using System.Buffers.Binary;
using GitGateway.Plan;

namespace GitGateway.Vip.Bgp;

/// <summary>One capability in an OPEN's Capabilities optional parameter (RFC 5492 §4).</summary>
public sealed record BgpCapability(byte Code, EquatableArray<byte> Value)
{
    /// <summary>Capability codes used here: multiprotocol (RFC 4760), route refresh (RFC 2918), graceful restart (RFC 4724), 4-octet AS (RFC 6793).</summary>
    public const byte MultiprotocolCode = 1, RouteRefreshCode = 2, GracefulRestartCode = 64, FourOctetAsCode = 65;

    /// <summary>Multiprotocol extensions for one family (RFC 4760 §8).</summary>
    public static BgpCapability Multiprotocol(BgpFamily family)
    {
        var value = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(value, family.Afi);
        value[3] = family.Safi;
        return new BgpCapability(MultiprotocolCode, [.. value]);
    }

    /// <summary>Route refresh (RFC 2918 §2).</summary>
    public static BgpCapability RouteRefresh() => new(RouteRefreshCode, default);

    /// <summary>Support for 4-octet AS numbers carrying the real AS (RFC 6793 §3).</summary>
    public static BgpCapability FourOctetAs(uint asn)
    {
        var value = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, asn);
        return new BgpCapability(FourOctetAsCode, [.. value]);
    }

    /// <summary>
    /// Graceful restart (RFC 4724 §3): restart time, the Restart State bit when this speaker has just restarted,
    /// and the families whose forwarding state it preserves.
    /// </summary>
    public static BgpCapability GracefulRestart(bool restarting, ushort restartTimeSeconds, IEnumerable<BgpFamily> preserved)
    {
        var families = preserved.ToArray();
        var value = new byte[2 + (4 * families.Length)];
        BinaryPrimitives.WriteUInt16BigEndian(value, (ushort)((restarting ? 0x8000 : 0) | (restartTimeSeconds & 0x0FFF)));
        for (var i = 0; i < families.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(2 + (4 * i)), families[i].Afi);
            value[4 + (4 * i)] = families[i].Safi;
            value[5 + (4 * i)] = 0x80; // forwarding state preserved: the VIP keeps being served while BGP restarts
        }

        return new BgpCapability(GracefulRestartCode, [.. value]);
    }
}
