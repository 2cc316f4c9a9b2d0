using System.Buffers.Binary;

namespace GitGateway.Vip.Bgp;

/// <summary>Checks a peer's OPEN (RFC 4271 §6.2) and negotiates the session parameters.</summary>
public static class OpenValidator
{
    /// <summary>Validates <paramref name="open"/> against the configured peer; throws with the OPEN Message Error to send.</summary>
    public static NegotiatedSession Validate(OpenMessage open, BgpSessionSettings settings, IReadOnlySet<BgpFamily> localFamilies)
    {
        if (open.Version != 4)
        {
            // The data is the largest supported version, two octets (RFC 4271 §6.2).
            throw new BgpProtocolException(BgpError.Open, BgpError.UnsupportedVersion, $"version {open.Version}", [0, 4]);
        }

        var capabilities = PeerCapabilities.Parse(open.Capabilities);
        var peerAs = capabilities.FourOctetAs ?? open.MyAs;
        if (peerAs != settings.PeerAs)
        {
            var data = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(data, open.MyAs);
            throw new BgpProtocolException(BgpError.Open, BgpError.BadPeerAs, $"peer AS {peerAs}, expected {settings.PeerAs}", data);
        }

        if (open.HoldTimeSeconds is 1 or 2)
        {
            throw new BgpProtocolException(BgpError.Open, BgpError.UnacceptableHoldTime, $"hold time {open.HoldTimeSeconds}");
        }

        var localId = BinaryPrimitives.ReadUInt32BigEndian(settings.RouterId.GetAddressBytes());
        if (open.BgpIdentifier == 0 || open.BgpIdentifier == uint.MaxValue || open.BgpIdentifier == localId)
        {
            throw new BgpProtocolException(BgpError.Open, BgpError.BadBgpIdentifier, $"BGP identifier {open.BgpIdentifier:x8}");
        }

        var families = new HashSet<BgpFamily>(capabilities.Families);
        families.IntersectWith(localFamilies);
        return new NegotiatedSession(
            peerAs,
            open.BgpIdentifier,
            Math.Min(open.HoldTimeSeconds, settings.HoldTimeSeconds),
            capabilities.FourOctetAs is not null,
            families,
            capabilities.RouteRefresh,
            capabilities.GracefulRestart);
    }
}
