using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>
/// An HTTP/2 prior-knowledge client that writes frames exactly as asked (RFC 9113 §4.1), so a test can send what no
/// well-behaved client library would: a header block that never ends, a flood of empty CONTINUATION frames. Over
/// cleartext (prior knowledge) or over TLS with ALPN h2 (<see cref="OpenTlsAsync"/>).
/// </summary>
internal sealed class RawHttp2Connection : IDisposable
{
    public const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Settings = 0x4, GoAway = 0x7, Continuation = 0x9;
    public const byte EndStream = 0x1, EndHeaders = 0x4;

    private readonly TcpClient _tcp;

    private RawHttp2Connection(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        Stream = stream;
    }

    public Stream Stream { get; }

    /// <summary>Connects and sends the client preface and an empty SETTINGS frame.</summary>
    public static async Task<RawHttp2Connection> OpenAsync(int port, CancellationToken cancellationToken)
    {
        var tcp = await ConnectAsync(port, cancellationToken);
        return await StartAsync(new RawHttp2Connection(tcp, tcp.GetStream()), cancellationToken);
    }

    /// <summary>
    /// Connects, completes a TLS handshake for <paramref name="serverName"/> offering only h2 (any server certificate is
    /// accepted: the test is about the frames), and sends the client preface and an empty SETTINGS frame.
    /// </summary>
    public static async Task<RawHttp2Connection> OpenTlsAsync(int port, string serverName, CancellationToken cancellationToken)
    {
        var tcp = await ConnectAsync(port, cancellationToken);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = serverName,
                    ApplicationProtocols = [SslApplicationProtocol.Http2],
                    RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                },
                cancellationToken);
            if (tls.NegotiatedApplicationProtocol != SslApplicationProtocol.Http2)
            {
                throw new InvalidOperationException("the server did not choose h2 by ALPN");
            }
        }
        catch
        {
            await tls.DisposeAsync();
            tcp.Dispose();
            throw;
        }

        return await StartAsync(new RawHttp2Connection(tcp, tls), cancellationToken);
    }

    /// <summary>An HPACK block for <c>GET / </c> on <paramref name="authority"/> over http or https (static table, no Huffman).</summary>
    public static byte[] GetBlock(string authority, bool https = false)
    {
        var host = Encoding.ASCII.GetBytes(authority);
        // :method GET (2), :scheme http (6) or https (7), :path / (4), then :authority as a literal without indexing (name index 1).
        return [0x82, https ? (byte)0x87 : (byte)0x86, 0x84, 0x01, (byte)host.Length, .. host];
    }

    public static byte[] Frame(byte type, byte flags, int stream, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), stream);
        payload.CopyTo(frame.AsSpan(9));
        return frame;
    }

    /// <summary>The next frame from the server, or null when it closed or reset the connection.</summary>
    public async Task<(byte Type, byte Flags, int Stream, byte[] Payload)?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var head = new byte[9];
        try
        {
            await Stream.ReadExactlyAsync(head, cancellationToken);
            var payload = new byte[(head[0] << 16) | (head[1] << 8) | head[2]];
            await Stream.ReadExactlyAsync(payload, cancellationToken);
            return (head[3], head[4], BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(5)) & 0x7FFFFFFF, payload);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        Stream.Dispose();
        _tcp.Dispose();
    }

    private static async Task<TcpClient> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        return tcp;
    }

    private static async Task<RawHttp2Connection> StartAsync(RawHttp2Connection connection, CancellationToken cancellationToken)
    {
        await connection.Stream.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray(), cancellationToken);
        await connection.Stream.WriteAsync(Frame(Settings, 0, 0, []), cancellationToken);
        return connection;
    }
}
