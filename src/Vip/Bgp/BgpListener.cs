using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace GitGateway.Vip.Bgp;

/// <summary>
/// Accepts BGP connections peers open to us and hands each to the session configured for its source address
/// (RFC 4271 §8.2.1.1, passive TCP establishment). Connections from unknown addresses are closed at once.
/// </summary>
public sealed partial class BgpListener : IDisposable
{
    private readonly Socket _socket;
    private readonly Func<IPAddress, BgpSession?> _lookup;
    private readonly ILogger<BgpListener> _logger;
    private readonly Dictionary<IPAddress, PeerPassword> _passwords = [];

    /// <summary>Binds the listening socket (dual-stack unless an address is given).</summary>
    public BgpListener(IPAddress? localAddress, int port, Func<IPAddress, BgpSession?> lookup, ILogger<BgpListener> logger)
    {
        _lookup = lookup;
        _logger = logger;
        _socket = new Socket(localAddress?.AddressFamily ?? AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        if (localAddress is null)
        {
            _socket.DualMode = true;
        }

        _socket.Bind(new IPEndPoint(localAddress ?? IPAddress.IPv6Any, port));
        _socket.Listen(16);
    }

    /// <summary>
    /// Installs (or with null removes) the TCP MD5 key of <paramref name="peer"/> on the listening socket, so the kernel
    /// answers only that peer's signed SYNs (RFC 2385); false when the kernel refused it (logged).
    /// </summary>
    public bool SetPassword(IPAddress peer, PeerPassword? password)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_passwords)
        {
            var current = _passwords.GetValueOrDefault(peer);
            if (Equals(current, password))
            {
                return true;
            }

            try
            {
                TransportProtections.SetMd5(_socket, peer, password);
            }
            catch (SocketException e)
            {
                LogPasswordFailed(_logger, peer.ToString(), e.Message);
                return false;
            }

            if (password is null)
            {
                _passwords.Remove(peer);
            }
            else
            {
                _passwords[peer] = password;
            }

            return true;
        }
    }

    /// <summary>The bound port.</summary>
    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Accepts until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _socket.AcceptAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e)
            {
                LogAcceptFailed(_logger, e.Message);
                continue;
            }

            var remote = ((IPEndPoint)connection.RemoteEndPoint!).Address;
            remote = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
            if (_lookup(remote) is { } session)
            {
                session.Accept(connection);
            }
            else
            {
                LogUnknownPeer(_logger, remote.ToString());
                connection.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP listener: connection from {Remote}, which is no configured peer; closed")]
    private static partial void LogUnknownPeer(ILogger logger, string remote);

    [LoggerMessage(Level = LogLevel.Error, Message = "BGP listener: the TCP MD5 key for {Peer} was refused by the kernel: {Error}")]
    private static partial void LogPasswordFailed(ILogger logger, string peer, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP listener: accept failed: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, string error);
}
