using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// UDPRoute: relays datagrams between clients and a backend. Each client address gets its own session (a socket
/// connected to the backend chosen when the session began), so replies go back to the right client; sessions
/// idle for longer than the idle timeout are closed.
/// </summary>
internal sealed partial class UdpRelay(RouteTableHolder tables, int planPort, TimeProvider time, ILogger<UdpRelay> logger) : IAsyncDisposable
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<EndPoint, Session> _sessions = new();
    private readonly CancellationTokenSource _stop = new();
    private Socket? _socket;
    private Task _loop = Task.CompletedTask;
    private long _lastSweep;

    public void Start(IPAddress address, int localPort)
    {
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(address, localPort));
        _loop = ReceiveLoopAsync(_socket, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket?.Dispose();
        await _loop;
        foreach (var session in _sessions.Values)
        {
            session.Socket.Dispose();
        }

        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
                var session = GetSession(received.RemoteEndPoint, socket, cancellationToken);
                if (session is not null)
                {
                    session.LastActive = time.GetTimestamp();
                    await session.Socket.SendAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, cancellationToken);
                }

                ExpireIdle();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                LogRelayError(logger, planPort, e.SocketErrorCode.ToString());
            }
        }
    }

    private Session? GetSession(EndPoint client, Socket listener, CancellationToken cancellationToken)
    {
        if (_sessions.TryGetValue(client, out var existing))
        {
            return existing;
        }

        var port = tables.Current.Port(planPort);
        var route = port is { Listeners.Count: > 0 } ? port.Listeners[0].L4Routes.Find("") : null;
        var backend = route?.Backends.Choose();
        if (backend?.Endpoints is not { } endpoints)
        {
            return null;
        }

        EndPoint target;
        using (var pick = endpoints.Pick())
        {
            target = L4Connector.ToEndPoint(pick.Authority);
        }

        var upstream = new Socket(SocketType.Dgram, ProtocolType.Udp);
        upstream.Connect(target);
        var session = new Session(upstream) { LastActive = time.GetTimestamp() };
        _sessions[client] = session;
        _ = ReplyLoopAsync(session, client, listener, cancellationToken);
        return session;
    }

    private async Task ReplyLoopAsync(Session session, EndPoint client, Socket listener, CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                var read = await session.Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                session.LastActive = time.GetTimestamp();
                await listener.SendToAsync(buffer.AsMemory(0, read), SocketFlags.None, client, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            _sessions.TryRemove(new KeyValuePair<EndPoint, Session>(client, session));
            session.Socket.Dispose();
        }
    }

    private void ExpireIdle()
    {
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(_lastSweep, now) < TimeSpan.FromSeconds(5))
        {
            return; // sweeping is O(sessions): do it now and then, not per datagram
        }

        _lastSweep = now;
        foreach (var (client, session) in _sessions)
        {
            if (time.GetElapsedTime(session.LastActive, now) > IdleTimeout && _sessions.TryRemove(new KeyValuePair<EndPoint, Session>(client, session)))
            {
                session.Socket.Dispose();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "udp relay on port {Port}: {Error}")]
    private static partial void LogRelayError(ILogger logger, int port, string error);

    private sealed class Session(Socket socket)
    {
        public Socket Socket { get; } = socket;

        public long LastActive { get; set; }
    }
}
