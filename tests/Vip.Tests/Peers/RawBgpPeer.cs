using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using GitGateway.Vip.Bgp;

namespace GitGateway.Vip.Tests.Peers;

/// <summary>A BGP "peer" that is only a socket: the test writes whatever bytes it wants and reads what comes back.</summary>
internal sealed class RawBgpPeer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    /// <summary>Listens on loopback; a small <paramref name="receiveBuffer"/> keeps the advertised window small.</summary>
    public RawBgpPeer(int? receiveBuffer = null)
    {
        if (receiveBuffer is { } size)
        {
            _listener.Server.ReceiveBufferSize = size; // inherited by accepted sockets, so set before listening
        }

        _listener.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async Task<RawConnection> AcceptAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        return new RawConnection(await _listener.AcceptTcpClientAsync(limit.Token));
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>A message with a valid header around <paramref name="body"/>.</summary>
    public static byte[] Message(BgpMessageType type, params byte[] body) => Message((byte)type, body);

    public static byte[] Message(byte type, byte[] body)
    {
        var message = new byte[19 + body.Length];
        message.AsSpan(0, 16).Fill(0xFF);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(16), (ushort)message.Length);
        message[18] = type;
        body.CopyTo(message, 19);
        return message;
    }

    /// <summary>An OPEN body: version, AS, hold time, BGP ID and raw optional parameters.</summary>
    public static byte[] OpenBody(byte version = 4, ushort asn = 64500, ushort hold = 9, uint id = 0x0AFF0001, byte[]? parameters = null)
    {
        parameters ??= [2, 12, 1, 4, 0, 1, 0, 1, 65, 4, 0, 0, 0xFB, 0xF4]; // MP ipv4-unicast, 4-octet AS 64500
        var body = new byte[10 + parameters.Length];
        body[0] = version;
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(1), asn);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(3), hold);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(5), id);
        body[9] = (byte)parameters.Length;
        parameters.CopyTo(body, 10);
        return body;
    }

    /// <summary>An UPDATE body from raw withdrawn, attribute and NLRI fields.</summary>
    public static byte[] UpdateBody(byte[] withdrawn, byte[] attributes, byte[] nlri) =>
        [(byte)(withdrawn.Length >> 8), (byte)withdrawn.Length, .. withdrawn, (byte)(attributes.Length >> 8), (byte)attributes.Length, .. attributes, .. nlri];
}
