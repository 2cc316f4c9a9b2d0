using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using GitGateway.Proxy.Routing;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Connection-level routing: TLS passthrough (read the ClientHello's SNI, pick the listener and its TLSRoute,
/// splice the untouched bytes), TLS-terminated TCP (after the handshake, splice the plaintext), and plain TCP.
/// Connections that are for HTTPS go on to the HTTP pipeline.
/// </summary>
internal sealed partial class L4ConnectionHandler(RouteTableHolder tables, int planPort, TimeProvider time, ILogger<L4ConnectionHandler> logger)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Before TLS: passthrough connections are spliced here; others continue to TLS termination.</summary>
    public async Task BeforeTlsAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var port = tables.Current.Port(planPort);
        var hasPassthrough = false;
        if (port is not null)
        {
            foreach (var l in port.Listeners)
            {
                hasPassthrough |= l.IsPassthrough;
            }
        }

        if (!hasPassthrough)
        {
            await next(connection);
            return;
        }

        var sni = await PeekServerNameAsync(connection);
        var listener = port!.Select(sni ?? "");
        if (listener is { IsPassthrough: true })
        {
            await SpliceAsync(connection, listener, sni);
            return;
        }

        await next(connection);
    }

    /// <summary>After TLS: a terminating TLS listener with L4 routes splices the plaintext; HTTPS goes on.</summary>
    public async Task AfterTlsAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var sni = connection.Features.Get<ITlsHandshakeFeature>()?.HostName;
        var listener = tables.Current.Port(planPort)?.Select(sni ?? "");
        if (listener is { IsTerminatedTcp: true })
        {
            await SpliceAsync(connection, listener, sni);
            return;
        }

        await next(connection);
    }

    /// <summary>Plain TCP: the first listener's route serves the connection.</summary>
    public async Task TcpAsync(ConnectionContext connection)
    {
        var port = tables.Current.Port(planPort);
        if (port is null || port.Listeners.Count == 0)
        {
            connection.Abort();
            return;
        }

        await SpliceAsync(connection, port.Listeners[0], null);
    }

    private async Task<string?> PeekServerNameAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var deadline = new Deadline(connection.ConnectionClosed, (long)HelloTimeout.TotalMilliseconds, time);
        while (true)
        {
            var read = await input.ReadAsync(deadline.Token);
            var state = ClientHelloReader.TryRead(read.Buffer, out var sni);
            if (state != ClientHelloReader.Result.NeedMore || read.IsCompleted)
            {
                // Leave every byte unconsumed: the backend (or the TLS stage) must see the whole ClientHello.
                input.AdvanceTo(read.Buffer.Start);
                return sni;
            }

            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private async Task SpliceAsync(ConnectionContext connection, ListenerTable listener, string? sni)
    {
        var route = listener.L4Routes.Find(sni ?? "");
        if (route is null)
        {
            LogNoRoute(logger, listener.Id, sni ?? "");
            connection.Abort();
            return;
        }

        var (socket, backend) = await L4Connector.ConnectAsync(route, ConnectTimeout, time, connection.ConnectionClosed);
        if (socket is null)
        {
            LogConnectFailed(logger, route.Id);
            connection.Abort();
            return;
        }

        if (backend?.Tls is not { } tls)
        {
            await TcpSplicer.SpliceAsync(connection.Transport, socket, connection.ConnectionClosed);
            return;
        }

        // A terminated TLSRoute to a backend under a BackendTLSPolicy: TLS again, validated, or no connection.
        SslStream secured;
        try
        {
            using var deadline = new Deadline(connection.ConnectionClosed, (long)ConnectTimeout.TotalMilliseconds, time);
            secured = await tls.Settings.AuthenticateAsync(new NetworkStream(socket, ownsSocket: true), null, deadline.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            LogBackendTlsFailed(logger, route.Id, e.Message);
            connection.Abort();
            return;
        }

        await TcpSplicer.SpliceAsync(connection.Transport, secured, () => new ValueTask(secured.ShutdownAsync()), connection.ConnectionClosed);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Listener}: no route for server name '{Sni}'")]
    private static partial void LogNoRoute(ILogger logger, string listener, string sni);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Route}: TLS to the backend failed: {Reason}")]
    private static partial void LogBackendTlsFailed(ILogger logger, string route, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Route}: no backend endpoint accepted the connection")]
    private static partial void LogConnectFailed(ILogger logger, string route);
}
