using System.Buffers.Binary;
using System.Net.Sockets;

namespace GitGateway.Vip.Bgp;

/// <summary>
/// Reads an UPDATE body (RFC 4271 §4.3). Field lengths that do not add up make the message unusable and reset the
/// session; attribute errors are handled by <see cref="AttributeDecoder"/> as RFC 7606 prescribes.
/// </summary>
internal static class UpdateDecoder
{
    public static UpdateMessage Read(ReadOnlySpan<byte> body, bool fourOctetAs)
    {
        int withdrawnLength = BinaryPrimitives.ReadUInt16BigEndian(body);
        if (2 + withdrawnLength + 2 > body.Length)
        {
            // RFC 7606 §4: an inconsistent Withdrawn Routes Length leaves the NLRI unknown, so the session resets.
            throw new BgpProtocolException(BgpError.Update, BgpError.MalformedAttributeList, "withdrawn routes length exceeds the message");
        }

        var withdrawn = PrefixCodec.ReadAll(body.Slice(2, withdrawnLength), AddressFamily.InterNetwork, BgpError.InvalidNetworkField);
        var rest = body[(2 + withdrawnLength)..];
        int attributesLength = BinaryPrimitives.ReadUInt16BigEndian(rest);
        if (2 + attributesLength > rest.Length)
        {
            throw new BgpProtocolException(BgpError.Update, BgpError.MalformedAttributeList, "total path attribute length exceeds the message");
        }

        var nlri = PrefixCodec.ReadAll(rest[(2 + attributesLength)..], AddressFamily.InterNetwork, BgpError.InvalidNetworkField);
        var (attributes, error) = AttributeDecoder.Read(rest.Slice(2, attributesLength), fourOctetAs, nlri.Count > 0);
        return new UpdateMessage([.. withdrawn], attributes, [.. nlri], error);
    }
}
