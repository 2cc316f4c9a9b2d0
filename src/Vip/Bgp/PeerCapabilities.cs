using System.Buffers.Binary;

namespace GitGateway.Vip.Bgp;

/// <summary>What a peer's OPEN says it supports, with the known capabilities checked for length (RFC 5492 §4).</summary>
public sealed record PeerCapabilities(
    IReadOnlySet<BgpFamily> Families,
    bool AnnouncedMultiprotocol,
    bool RouteRefresh,
    uint? FourOctetAs,
    bool GracefulRestart)
{
    /// <summary>
    /// Reads the capabilities. A known capability with a malformed value is an OPEN Message Error (subcode 0,
    /// unspecific: RFC 5492 names no subcode for it); unknown capabilities are ignored (RFC 5492 §3).
    /// </summary>
    public static PeerCapabilities Parse(IEnumerable<BgpCapability> capabilities)
    {
        var families = new HashSet<BgpFamily>();
        bool multiprotocol = false, refresh = false, gracefulRestart = false;
        uint? fourOctet = null;
        foreach (var capability in capabilities)
        {
            var value = capability.Value.Items.AsSpan();
            switch (capability.Code)
            {
                case BgpCapability.MultiprotocolCode:
                    Require(value.Length == 4, "multiprotocol capability length");
                    families.Add(new BgpFamily(BinaryPrimitives.ReadUInt16BigEndian(value), value[3]));
                    multiprotocol = true;
                    break;
                case BgpCapability.RouteRefreshCode:
                    Require(value.Length == 0, "route refresh capability length");
                    refresh = true;
                    break;
                case BgpCapability.FourOctetAsCode:
                    Require(value.Length == 4, "4-octet AS capability length");
                    fourOctet = BinaryPrimitives.ReadUInt32BigEndian(value);
                    Require(fourOctet != 0, "4-octet AS capability carries AS 0");
                    break;
                case BgpCapability.GracefulRestartCode:
                    Require(value.Length >= 2 && (value.Length - 2) % 4 == 0, "graceful restart capability length");
                    gracefulRestart = true;
                    break;
                default:
                    break;
            }
        }

        // RFC 4760 §8 and RFC 4271: a peer that announces no multiprotocol capability speaks IPv4 unicast only.
        if (!multiprotocol)
        {
            families.Add(BgpFamily.Ipv4Unicast);
        }

        return new PeerCapabilities(families, multiprotocol, refresh, fourOctet, gracefulRestart);
    }

    private static void Require(bool ok, string what)
    {
        if (!ok)
        {
            throw new BgpProtocolException(BgpError.Open, BgpError.Unspecific, "malformed " + what);
        }
    }
}
