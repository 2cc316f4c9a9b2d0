using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace GitGateway.Vip.Bfd;

/// <summary>
/// The receive side of single-hop BFD: one UDP socket on port 3784 (RFC 5881 §4) that hands each control packet
/// to its session, found by Your Discriminator or, before the peer knows ours, by source address (RFC 5880 §6.3).
/// </summary>
public sealed class BfdEndpoint : IDisposable
{
    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<uint, BfdSession> _byDiscriminator = new();
    private readonly ConcurrentDictionary<IPAddress, BfdSession> _byPeer = new();

    /// <summary>Binds the socket (dual-stack unless a local address is given).</summary>
    public BfdEndpoint(IPAddress? localAddress, int port, ILogger logger)
    {
        _logger = logger;
        if (localAddress is null)
        {
            _socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
            _socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
        }
        else
        {
            _socket = new Socket(localAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            _socket.Bind(new IPEndPoint(localAddress, port));
        }
    }

    internal void Register(BfdSession session)
    {
        _byDiscriminator[session.MyDiscriminator] = session;
        _byPeer[session.Peer] = session;
    }

    internal void Unregister(BfdSession session)
    {
        _byDiscriminator.TryRemove(session.MyDiscriminator, out _);
        _byPeer.TryRemove(new KeyValuePair<IPAddress, BfdSession>(session.Peer, session));
    }

    /// <summary>Receives until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[512];
        EndPoint any = _socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e)
            {
                BfdLog.ReceiveFailed(_logger, e.Message); // e.g. ICMP unreachable reported on the socket
                continue;
            }

            var packet = BfdCodec.TryDecode(buffer.AsSpan(0, result.ReceivedBytes));
            var source = ((IPEndPoint)result.RemoteEndPoint).Address;
            source = source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source;
            if (packet is null)
            {
                continue;
            }

            var session = packet.YourDiscriminator != 0
                ? _byDiscriminator.GetValueOrDefault(packet.YourDiscriminator)
                : _byPeer.GetValueOrDefault(source);
            if (session is not null && session.Peer.Equals(source))
            {
                session.Receive(packet);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();
}
