using System.Net;
using System.Net.Sockets;

namespace GitGateway.Vip.Bgp;

/// <summary>The part of MP_REACH_NLRI after AFI/SAFI (RFC 4760 §3, IPv6 next hops per RFC 2545 §3).</summary>
internal static class MpReachReader
{
    public static MpReach Read(BgpFamily family, AddressFamily addressFamily, ReadOnlySpan<byte> value)
    {
        if (value.Length < 1)
        {
            throw Malformed("next hop length missing");
        }

        int nextHopLength = value[0];
        var valid = addressFamily == AddressFamily.InterNetwork ? nextHopLength == 4 : nextHopLength is 16 or 32;
        if (!valid || 1 + nextHopLength + 1 > value.Length)
        {
            throw Malformed($"next hop length {nextHopLength}");
        }

        var width = addressFamily == AddressFamily.InterNetwork ? 4 : 16;
        var nextHop = new IPAddress(value.Slice(1, width));
        var linkLocal = nextHopLength == 32 ? new IPAddress(value.Slice(1 + 16, 16)) : null;
        var nlri = PrefixCodec.ReadAll(value[(1 + nextHopLength + 1)..], addressFamily, BgpError.OptionalAttributeError);
        return new MpReach(family, nextHop, linkLocal, [.. nlri]);
    }

    private static BgpProtocolException Malformed(string what) =>
        new(BgpError.Update, BgpError.OptionalAttributeError, "malformed MP_REACH_NLRI: " + what);
}
