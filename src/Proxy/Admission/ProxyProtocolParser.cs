using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitGateway.Proxy.Admission;

/// <summary>
/// Parses a PROXY protocol header (https://www.haproxy.org/download/2.6/doc/proxy-protocol.txt) at the start of a
/// connection, strictly: v1 is <c>PROXY TCP4|TCP6 src dst sport dport\r\n</c> or <c>PROXY UNKNOWN…\r\n</c> in at most
/// 107 bytes, single spaces, addresses of the family named, decimal ports without leading zeros; v2 is the 12-byte
/// signature, version 2, command LOCAL or PROXY, and an address block of at most <see cref="MaxV2Payload"/> bytes
/// that holds the addresses its family needs (TLVs after them are skipped).
/// </summary>
internal static class ProxyProtocolParser
{
    public const int MaxV1Length = 107;
    public const int MaxV2Payload = 2048;

    public static ReadOnlySpan<byte> V1Signature => "PROXY "u8;

    public static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>
    /// <see cref="OperationStatus.Done"/> with the header, <see cref="OperationStatus.NeedMoreData"/> while what has
    /// arrived can still start a valid header, <see cref="OperationStatus.InvalidData"/> otherwise.
    /// </summary>
    public static OperationStatus TryParse(ReadOnlySpan<byte> data, out ProxyProtocolHeader header)
    {
        header = default;
        if (StartsWith(data, V2Signature) is var v2 && v2 != OperationStatus.InvalidData)
        {
            return v2 == OperationStatus.Done ? ParseV2(data, out header) : OperationStatus.NeedMoreData;
        }

        if (StartsWith(data, V1Signature) is var v1 && v1 != OperationStatus.InvalidData)
        {
            return v1 == OperationStatus.Done ? ParseV1(data, out header) : OperationStatus.NeedMoreData;
        }

        return OperationStatus.InvalidData;
    }

    /// <summary>Done when <paramref name="data"/> starts with either signature, NeedMoreData while it may, else InvalidData.</summary>
    public static OperationStatus StartsWithSignature(ReadOnlySpan<byte> data)
    {
        var v1 = StartsWith(data, V1Signature);
        var v2 = StartsWith(data, V2Signature);
        return v1 == OperationStatus.Done || v2 == OperationStatus.Done ? OperationStatus.Done
            : v1 == OperationStatus.NeedMoreData || v2 == OperationStatus.NeedMoreData ? OperationStatus.NeedMoreData
            : OperationStatus.InvalidData;
    }

    private static OperationStatus StartsWith(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var length = Math.Min(data.Length, signature.Length);
        return !data[..length].SequenceEqual(signature[..length]) ? OperationStatus.InvalidData
            : length == signature.Length ? OperationStatus.Done : OperationStatus.NeedMoreData;
    }

    private static OperationStatus ParseV1(ReadOnlySpan<byte> data, out ProxyProtocolHeader header)
    {
        header = default;
        var lf = data[..Math.Min(data.Length, MaxV1Length)].IndexOf((byte)'\n');
        if (lf < 0)
        {
            return data.Length >= MaxV1Length ? OperationStatus.InvalidData : OperationStatus.NeedMoreData;
        }

        if (data[lf - 1] != (byte)'\r')
        {
            return OperationStatus.InvalidData; // a bare LF: the line must end in CRLF
        }

        var end = lf - 1;

        var line = data[V1Signature.Length..end];
        if (line.StartsWith("UNKNOWN"u8) && (line.Length == 7 || line[7] == (byte)' '))
        {
            header = new ProxyProtocolHeader(end + 2, null);
            return OperationStatus.Done;
        }

        Span<Range> parts = stackalloc Range[5];
        var count = 0;
        foreach (var part in line.Split((byte)' '))
        {
            if (count == parts.Length)
            {
                return OperationStatus.InvalidData;
            }

            parts[count++] = part;
        }

        if (count != parts.Length)
        {
            return OperationStatus.InvalidData;
        }

        var family = line[parts[0]];
        var want = family.SequenceEqual("TCP4"u8) ? AddressFamily.InterNetwork : family.SequenceEqual("TCP6"u8) ? AddressFamily.InterNetworkV6 : AddressFamily.Unknown;
        if (want == AddressFamily.Unknown
            || !Address(line[parts[1]], want, out var source) || !Address(line[parts[2]], want, out _)
            || !Port(line[parts[3]], out var sourcePort) || !Port(line[parts[4]], out _))
        {
            return OperationStatus.InvalidData;
        }

        header = new ProxyProtocolHeader(end + 2, new IPEndPoint(source, sourcePort));
        return OperationStatus.Done;
    }

    private static bool Address(ReadOnlySpan<byte> text, AddressFamily family, out IPAddress address)
    {
        address = IPAddress.None;
        foreach (var b in text)
        {
            // Digits, dots, hex and colons only: no scope ids, no spaces, nothing IPAddress would also accept.
            if (!(char.IsAsciiHexDigit((char)b) || b is (byte)'.' or (byte)':'))
            {
                return false;
            }
        }

        return text.Length is > 0 and <= 45
            && IPAddress.TryParse(Encoding.ASCII.GetString(text), out address!)
            && address.AddressFamily == family
            && (family == AddressFamily.InterNetworkV6 || text.Count((byte)'.') == 3);
    }

    private static bool Port(ReadOnlySpan<byte> text, out int port)
    {
        port = 0;
        return text.Length is > 0 and <= 5 && (text[0] != (byte)'0' || text.Length == 1) && IsDigits(text)
            && Utf8Parser.TryParse(text, out port, out var used) && used == text.Length && port <= 65535;
    }

    private static bool IsDigits(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }

    private static OperationStatus ParseV2(ReadOnlySpan<byte> data, out ProxyProtocolHeader header)
    {
        header = default;
        if (data.Length < 16)
        {
            return OperationStatus.NeedMoreData;
        }

        var versionCommand = data[12];
        var family = data[13];
        var length = BinaryPrimitives.ReadUInt16BigEndian(data[14..]);
        if (versionCommand >> 4 != 2 || (versionCommand & 0xF) > 1 || length > MaxV2Payload)
        {
            return OperationStatus.InvalidData;
        }

        if (data.Length < 16 + length)
        {
            return OperationStatus.NeedMoreData;
        }

        var block = data.Slice(16, length);
        IPEndPoint? source = null;
        if ((versionCommand & 0xF) == 1 && family is 0x11 or 0x21)
        {
            var size = family == 0x11 ? 4 : 16;
            if (block.Length < (2 * size) + 4)
            {
                return OperationStatus.InvalidData;
            }

            source = new IPEndPoint(new IPAddress(block[..size]), BinaryPrimitives.ReadUInt16BigEndian(block[(2 * size)..]));
        }

        header = new ProxyProtocolHeader(16 + length, source);
        return OperationStatus.Done;
    }
}
