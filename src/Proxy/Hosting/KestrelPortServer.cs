using System.Net;
using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Routing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace GitGateway.Proxy.Hosting;

/// <summary>
/// One local port on Kestrel: cleartext HTTP/1.1 + h2c prior knowledge, TLS (passthrough by SNI, termination for
/// HTTPS with ALPN, or terminated TCP), or plain TCP. Everything past the bind reads the current route table.
/// </summary>
internal sealed class KestrelPortServer(
    KestrelFactory factory,
    IPEndPoint endpoint,
    PortKind kind,
    ProxyRequestHandler handler,
    L4ConnectionHandler l4,
    TlsOptionsSelector tls,
    H2cPriorKnowledge h2c,
    ConnectionGate gate,
    Http2HeaderBlockGuard headerBlocks,
    ProxyProtocolAcceptor? proxyProtocol) : IPortServer
{
    private IServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var server = factory.Create(options => options.Listen(endpoint, Configure));
        try
        {
            await server.StartAsync(new ProxyApplication(handler.HandleAsync), cancellationToken);
        }
        catch
        {
            server.Dispose();
            throw;
        }

        _server = server;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            await server.StopAsync(cancellationToken);
            server.Dispose();
        }
    }

    private void Configure(ListenOptions listen)
    {
        listen.Use(gate.ForListener());
        if (proxyProtocol is not null)
        {
            // Before TLS and before h2c detection: the header is the first thing on the connection.
            listen.Use(next => connection => proxyProtocol.AcceptAsync(connection, next));
        }

        switch (kind)
        {
            case PortKind.Http:
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Use(next => connection => h2c.DetectAsync(connection, next));
                listen.Use(next => connection => headerBlocks.GuardAsync(connection, next));
                listen.Use(next => connection => Http2SendCoalescer.CoalesceAsync(connection, next));
                break;
            case PortKind.Tls:
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Use(next => connection => l4.BeforeTlsAsync(connection, next));
                listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = tls.SelectAsync, HandshakeTimeout = TimeSpan.FromSeconds(10) });
                listen.Use(next => connection => l4.AfterTlsAsync(connection, next));
                listen.Use(next => connection => headerBlocks.GuardAsync(connection, next));
                listen.Use(next => connection => Http2SendCoalescer.CoalesceAsync(connection, next));
                break;
            default:
                listen.Use(_ => l4.TcpAsync);
                break;
        }

    }
}
