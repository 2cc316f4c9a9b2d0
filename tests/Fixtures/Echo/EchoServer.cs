using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace GitGateway.Fixtures.Echo;

/// <summary>
/// An in-process stand-in for the conformance echo image: one instance plays one pod and serves every role
/// on its own port (HTTP/1.1, h2c and gRPC, HTTPS, TCP line protocol plain and TLS, UDP).
/// </summary>
public sealed class EchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TcpLineServer? _tcp;
    private readonly TcpLineServer? _tcpTls;
    private readonly UdpEchoServer? _udp;
    private readonly ConcurrentQueue<EchoEvent> _events;

    private EchoServer(EchoOptions options, EchoPorts ports, WebApplication app, TcpLineServer? tcp, TcpLineServer? tcpTls, UdpEchoServer? udp, ConcurrentQueue<EchoEvent> events)
    {
        Options = options;
        Ports = ports;
        _app = app;
        _tcp = tcp;
        _tcpTls = tcpTls;
        _udp = udp;
        _events = events;
    }

    /// <summary>Who this instance says it is.</summary>
    public EchoOptions Options { get; }

    /// <summary>The bound ports.</summary>
    public EchoPorts Ports { get; }

    /// <summary>Every request echoed so far, oldest first (what upstream logs, read by the mirror checks).</summary>
    public IReadOnlyList<EchoEvent> Events => [.. _events];

    /// <summary>How many echoed requests had exactly this raw request target.</summary>
    public int CountEchoes(string requestUri) => _events.Count(e => e.RequestUri == requestUri);

    /// <summary>Starts every port and returns once all are bound.</summary>
    public static async Task<EchoServer> StartAsync(EchoOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = IPAddress.Parse(options.BindAddress);
        var requested = options.RequestedPorts;
        var events = new ConcurrentQueue<EchoEvent>();
        var handler = new EchoHttpHandler(options, e =>
        {
            events.Enqueue(e);
            if (options.LogToConsole)
            {
                Console.WriteLine(e.ToString());
            }
        });

        ListenOptions? http = null, h2c = null, https = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Listen(address, requested.Http, lo => (http = lo).Protocols = HttpProtocols.Http1);
            kestrel.Listen(address, requested.H2c, lo => (h2c = lo).Protocols = HttpProtocols.Http2);
            if (options.Certificate is { } cert)
            {
                kestrel.Listen(address, requested.Https ?? 0, lo =>
                {
                    (https = lo).Protocols = HttpProtocols.Http1AndHttp2;
                    lo.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = cert,
                        ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                        // The echo reports whatever the client presented; validating is the gateway's job.
                        ClientCertificateValidation = (_, _, _) => true,
                    });
                });
            }
        });

        var app = builder.Build();
        app.UseWebSockets();
        app.Run(handler.HandleAsync);
        await app.StartAsync(ct);

        var tcp = options.Tcp ? new TcpLineServer(address, requested.Tcp, options, null) : null;
        var tcpTls = options.Tcp && options.Certificate is not null ? new TcpLineServer(address, requested.TcpTls ?? 0, options, options.Certificate) : null;
        var reported = (tcp?.Port ?? 0, tcpTls?.Port ?? 0);
        tcp?.ReportedPorts = reported;
        tcpTls?.ReportedPorts = reported;
        var udp = options.Udp ? new UdpEchoServer(address, requested.Udp, events) : null;

        var ports = new EchoPorts(
            http!.IPEndPoint!.Port,
            h2c!.IPEndPoint!.Port,
            https?.IPEndPoint?.Port,
            tcp?.Port ?? 0,
            tcpTls?.Port,
            udp?.Port ?? 0);
        return new EchoServer(options, ports, app, tcp, tcpTls, udp, events);
    }

    /// <summary>Stops every port.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stop.Token);
        }

        await _app.DisposeAsync();
        if (_tcp is not null)
        {
            await _tcp.DisposeAsync();
        }

        if (_tcpTls is not null)
        {
            await _tcpTls.DisposeAsync();
        }

        if (_udp is not null)
        {
            await _udp.DisposeAsync();
        }
    }
}
