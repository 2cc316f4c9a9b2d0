using System.Buffers.Binary;

namespace GitGateway.Vip.Bgp;

/// <summary>
/// Encodes and decodes whole BGP messages (RFC 4271 §4) with strict length checks. Header and structural errors
/// throw <see cref="BgpProtocolException"/> carrying the NOTIFICATION RFC 4271 §6 prescribes.
/// </summary>
public static class BgpCodec
{
    /// <summary>Header length: 16-octet marker, 2-octet length, 1-octet type.</summary>
    public const int HeaderLength = 19;

    /// <summary>Maximum message length (RFC 4271 §4.1).</summary>
    public const int MaxLength = 4096;

    /// <summary>Encodes a message with its header. <paramref name="fourOctetAs"/> selects the AS_PATH encoding (RFC 6793 §4).</summary>
    public static byte[] Encode(BgpMessage message, bool fourOctetAs = true)
    {
        var writer = new ByteWriter();
        for (var i = 0; i < 16; i++)
        {
            writer.Byte(0xFF);
        }

        writer.UInt16(0);
        writer.Byte((byte)message.Type);
        switch (message)
        {
            case OpenMessage open:
                OpenCodec.Write(writer, open);
                break;
            case UpdateMessage update:
                UpdateEncoder.Write(writer, update, fourOctetAs);
                break;
            case NotificationMessage notification:
                writer.Byte(notification.Code);
                writer.Byte(notification.Subcode);
                writer.Bytes(notification.Data.Items.AsSpan());
                break;
            case RouteRefreshMessage refresh:
                writer.UInt16(refresh.Family.Afi);
                writer.Byte(refresh.Subtype);
                writer.Byte(refresh.Family.Safi);
                break;
            case KeepaliveMessage:
                break;
            default:
                throw new ArgumentException("unknown message " + message.GetType().Name, nameof(message));
        }

        if (writer.Length > MaxLength)
        {
            throw new ArgumentException($"message of {writer.Length} octets exceeds {MaxLength}", nameof(message));
        }

        writer.PatchUInt16(16, (ushort)writer.Length);
        return writer.ToArray();
    }

    /// <summary>
    /// Checks a header (RFC 4271 §6.1): marker all ones, length within 19..4096 and the type's bounds, known type.
    /// Returns the whole message length.
    /// </summary>
    public static int ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderLength)
        {
            throw new BgpProtocolException(BgpError.MessageHeader, BgpError.BadMessageLength, $"{header.Length} octets are shorter than a header");
        }

        for (var i = 0; i < 16; i++)
        {
            if (header[i] != 0xFF)
            {
                throw new BgpProtocolException(BgpError.MessageHeader, BgpError.ConnectionNotSynchronized, "marker is not all ones");
            }
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(header[16..]);
        var type = header[18];
        var (min, max) = type switch
        {
            (byte)BgpMessageType.Open => (29, MaxLength),
            (byte)BgpMessageType.Update => (23, MaxLength),
            (byte)BgpMessageType.Notification => (21, MaxLength),
            (byte)BgpMessageType.Keepalive => (19, 19),
            (byte)BgpMessageType.RouteRefresh => (23, 23),
            _ => throw new BgpProtocolException(BgpError.MessageHeader, BgpError.BadMessageType, $"unknown message type {type}", [type]),
        };
        if (length < min || length > max)
        {
            throw new BgpProtocolException(BgpError.MessageHeader, BgpError.BadMessageLength, $"bad length {length} for type {type}", header.Slice(16, 2).ToArray());
        }

        return length;
    }

    /// <summary>Decodes one whole message (header included).</summary>
    public static BgpMessage Decode(ReadOnlySpan<byte> message, bool fourOctetAs = true)
    {
        var length = ReadHeader(message);
        if (length != message.Length)
        {
            throw new BgpProtocolException(BgpError.MessageHeader, BgpError.BadMessageLength, $"length field {length} but {message.Length} octets");
        }

        var body = message[HeaderLength..];
        return (BgpMessageType)message[18] switch
        {
            BgpMessageType.Open => OpenCodec.Read(body),
            BgpMessageType.Update => UpdateDecoder.Read(body, fourOctetAs),
            BgpMessageType.Notification => new NotificationMessage(body[0], body[1], [.. body[2..]]),
            BgpMessageType.RouteRefresh => new RouteRefreshMessage(new BgpFamily(BinaryPrimitives.ReadUInt16BigEndian(body), body[3]), body[2]),
            _ => KeepaliveMessage.Instance,
        };
    }
}
