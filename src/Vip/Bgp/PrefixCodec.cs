using System.Net;
using System.Net.Sockets;

namespace GitGateway.Vip.Bgp;

/// <summary>Prefixes as (length, significant octets) in the NLRI and withdrawn fields (RFC 4271 §4.3, RFC 4760 §5).</summary>
internal static class PrefixCodec
{
    public static void Write(ByteWriter writer, IPNetwork prefix)
    {
        var bytes = prefix.BaseAddress.GetAddressBytes();
        writer.Byte((byte)prefix.PrefixLength);
        writer.Bytes(bytes.AsSpan(0, (prefix.PrefixLength + 7) / 8));
    }

    /// <summary>
    /// Reads every prefix of a field. A length beyond the family's width or a prefix cut short is a syntactically
    /// incorrect field: RFC 7606 §5.3 requires a session reset because the prefixes cannot be known.
    /// </summary>
    public static List<IPNetwork> ReadAll(ReadOnlySpan<byte> field, AddressFamily family, byte errorSubcode)
    {
        var width = family == AddressFamily.InterNetwork ? 4 : 16;
        var prefixes = new List<IPNetwork>();
        var offset = 0;
        Span<byte> address = stackalloc byte[width];
        while (offset < field.Length)
        {
            int length = field[offset++];
            if (length > width * 8)
            {
                throw new BgpProtocolException(BgpError.Update, errorSubcode, $"prefix length {length} is longer than the address");
            }

            var octets = (length + 7) / 8;
            if (offset + octets > field.Length)
            {
                throw new BgpProtocolException(BgpError.Update, errorSubcode, "prefix truncated");
            }

            address.Clear();
            field.Slice(offset, octets).CopyTo(address);
            offset += octets;
            Mask(address, length);
            prefixes.Add(new IPNetwork(new IPAddress(address), length));
        }

        return prefixes;
    }

    // Bits past the prefix length are irrelevant (RFC 4271 §4.3 "trailing bits"); clear them so IPNetwork accepts it.
    private static void Mask(Span<byte> address, int length)
    {
        for (var bit = length; bit < address.Length * 8; bit++)
        {
            address[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }
    }
}
