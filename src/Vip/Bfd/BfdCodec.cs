using System.Buffers.Binary;

namespace GitGateway.Vip.Bfd;

/// <summary>Encodes control packets and applies the reception checks of RFC 5880 §6.8.6.</summary>
public static class BfdCodec
{
    /// <summary>The length of a packet without authentication.</summary>
    public const int Length = 24;

    /// <summary>Encodes a packet (version 1, no authentication, not demand mode).</summary>
    public static byte[] Encode(BfdPacket packet)
    {
        var bytes = new byte[Length];
        bytes[0] = (byte)((1 << 5) | (packet.Diagnostic & 0x1F));
        bytes[1] = (byte)(((byte)packet.State << 6) | (packet.Poll ? 0x20 : 0) | (packet.Final ? 0x10 : 0));
        bytes[2] = packet.DetectMultiplier;
        bytes[3] = Length;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), packet.MyDiscriminator);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), packet.YourDiscriminator);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), packet.DesiredMinTxMicroseconds);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), packet.RequiredMinRxMicroseconds);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), packet.RequiredMinEchoRxMicroseconds);
        return bytes;
    }

    /// <summary>Decodes a packet, or returns null for one §6.8.6 says to discard.</summary>
    public static BfdPacket? TryDecode(ReadOnlySpan<byte> data)
    {
        if (data.Length < Length || data[0] >> 5 != 1 || data[3] < Length || data[3] > data.Length)
        {
            return null;
        }

        var flags = data[1];
        var packet = new BfdPacket(
            (byte)(data[0] & 0x1F),
            (BfdState)(flags >> 6),
            (flags & 0x20) != 0,
            (flags & 0x10) != 0,
            data[2],
            BinaryPrimitives.ReadUInt32BigEndian(data[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
        var authenticated = (flags & 0x04) != 0;
        var multipoint = (flags & 0x01) != 0;
        var valid = packet.DetectMultiplier != 0 && !multipoint && !authenticated && packet.MyDiscriminator != 0
            && (packet.YourDiscriminator != 0 || packet.State is BfdState.Down or BfdState.AdminDown);
        return valid ? packet : null;
    }
}
