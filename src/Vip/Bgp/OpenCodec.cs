using System.Buffers.Binary;

namespace GitGateway.Vip.Bgp;

/// <summary>The OPEN body (RFC 4271 §4.2) and its Capabilities optional parameter (RFC 5492 §4).</summary>
internal static class OpenCodec
{
    private const byte CapabilitiesParameter = 2;

    public static void Write(ByteWriter writer, OpenMessage open)
    {
        writer.Byte(open.Version);
        writer.UInt16(open.MyAs);
        writer.UInt16(open.HoldTimeSeconds);
        writer.UInt32(open.BgpIdentifier);
        var lengthAt = writer.Length;
        writer.Byte(0);
        if (open.Capabilities.Count > 0)
        {
            writer.Byte(CapabilitiesParameter);
            var parameterLengthAt = writer.Length;
            writer.Byte(0);
            foreach (var capability in open.Capabilities)
            {
                writer.Byte(capability.Code);
                writer.Byte((byte)capability.Value.Count);
                writer.Bytes(capability.Value.Items.AsSpan());
            }

            var parameterLength = writer.Length - parameterLengthAt - 1;
            if (parameterLength > 255)
            {
                throw new ArgumentException("capabilities exceed one optional parameter", nameof(open));
            }

            writer.PatchByte(parameterLengthAt, (byte)parameterLength);
            writer.PatchByte(lengthAt, (byte)(parameterLength + 2));
        }
    }

    /// <summary>Reads the body; structural errors are OPEN Message Errors (RFC 4271 §6.2).</summary>
    public static OpenMessage Read(ReadOnlySpan<byte> body)
    {
        var version = body[0];
        var myAs = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
        var hold = BinaryPrimitives.ReadUInt16BigEndian(body[3..]);
        var id = BinaryPrimitives.ReadUInt32BigEndian(body[5..]);
        int optionalLength = body[9];
        if (10 + optionalLength != body.Length)
        {
            throw new BgpProtocolException(BgpError.Open, BgpError.Unspecific, "optional parameters length does not match the message length");
        }

        var capabilities = new List<BgpCapability>();
        var parameters = body[10..];
        while (parameters.Length > 0)
        {
            if (parameters.Length < 2 || parameters[1] + 2 > parameters.Length)
            {
                throw new BgpProtocolException(BgpError.Open, BgpError.Unspecific, "optional parameter truncated");
            }

            var type = parameters[0];
            var value = parameters.Slice(2, parameters[1]);
            if (type != CapabilitiesParameter)
            {
                throw new BgpProtocolException(BgpError.Open, BgpError.UnsupportedOptionalParameter, $"optional parameter type {type}");
            }

            ReadCapabilities(value, capabilities);
            parameters = parameters[(2 + value.Length)..];
        }

        return new OpenMessage(version, myAs, hold, id, [.. capabilities]);
    }

    private static void ReadCapabilities(ReadOnlySpan<byte> value, List<BgpCapability> into)
    {
        while (value.Length > 0)
        {
            if (value.Length < 2 || value[1] + 2 > value.Length)
            {
                throw new BgpProtocolException(BgpError.Open, BgpError.Unspecific, "capability truncated");
            }

            into.Add(new BgpCapability(value[0], [.. value.Slice(2, value[1])]));
            value = value[(2 + value[1])..];
        }
    }
}
