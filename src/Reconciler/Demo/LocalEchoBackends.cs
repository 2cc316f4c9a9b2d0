using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using GitGateway.Plan.Model;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GitGateway.Reconciler.Demo;

/// <summary>
/// Stand-in Services for the embedded default: one loopback port per backend of a plan, each answering with a
/// small JSON document naming the backend, so a curl shows where routing sent it (backends of gRPC routes over
/// HTTP/2 cleartext, backends behind TLS passthrough over TLS with a self-signed certificate). Writes the node's backends
/// file (<c>{"ns/name:port": ["127.0.0.1:N"]}</c>).
/// </summary>
internal sealed class LocalEchoBackends : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalEchoBackends(WebApplication app, IReadOnlyDictionary<string, int> ports)
    {
        _app = app;
        Ports = ports;
    }

    /// <summary>Backend id (<c>ns/name:port</c>) to the local port that stands in for it.</summary>
    public IReadOnlyDictionary<string, int> Ports { get; }

    public static async Task<LocalEchoBackends> StartAsync(IEnumerable<RoutingPlan> plans, CancellationToken cancellationToken)
    {
        var all = plans.ToList();
        var ids = all.SelectMany(p => p.Listeners)
            .SelectMany(l => l.VirtualHosts.SelectMany(v => v.Routes).SelectMany(r => r.Backends).Concat(l.L4Routes.SelectMany(r => r.Backends)))
            .Select(Id)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        // Behind a TLS passthrough listener the node does not end TLS: the backend does, as a real one would.
        var tls = all.SelectMany(p => p.Listeners).Where(l => l.Protocol == ListenerProtocol.TLS && l.Tls?.Mode == TlsMode.Passthrough)
            .SelectMany(l => l.L4Routes.SelectMany(r => r.Backends)).Select(Id).ToHashSet(StringComparer.Ordinal);
        using var certificate = tls.Count == 0 ? null : SelfSigned();

        // gRPC goes to its backends over HTTP/2 without TLS (prior knowledge), which Kestrel speaks on an HTTP/2-only port.
        var grpc = all.SelectMany(p => p.Listeners).SelectMany(l => l.VirtualHosts.SelectMany(v => v.Routes))
            .Where(r => r.Route.Kind == "GRPCRoute").SelectMany(r => r.Backends).Select(Id).ToHashSet(StringComparer.Ordinal);

        // Each backend on port 0, the port read once bound: a port picked beforehand may be taken before the bind.
        var listeners = new Dictionary<string, ListenOptions>(StringComparer.Ordinal);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            foreach (var id in ids)
            {
                k.Listen(System.Net.IPAddress.Loopback, 0, o =>
                {
                    listeners[id] = o;
                    o.Protocols = grpc.Contains(id) ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
                    if (tls.Contains(id))
                    {
                        o.UseHttps(X509CertificateLoader.LoadPkcs12(certificate!.Export(X509ContentType.Pkcs12), null));
                    }
                });
            }
        });
        var app = builder.Build();
        IReadOnlyDictionary<int, string> byPort = new Dictionary<int, string>();
        app.Run(async context =>
        {
            var backend = byPort.GetValueOrDefault(context.Connection.LocalPort, "unknown");
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                backend,
                method = context.Request.Method,
                host = context.Request.Host.Value,
                path = context.Request.Path.Value + context.Request.QueryString.Value,
            }) + "\n", context.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        var ports = listeners.ToDictionary(kv => kv.Key, kv => kv.Value.IPEndPoint!.Port, StringComparer.Ordinal);
        byPort = ports.ToDictionary(kv => kv.Value, kv => kv.Key);
        return new LocalEchoBackends(app, ports);
    }

    private static string Id(Backend b) => $"{b.Namespace}/{b.Name}:{b.Port}";

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=demo passthrough backend", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    public async Task WriteBackendsFileAsync(string path, CancellationToken cancellationToken)
    {
        var map = Ports.ToDictionary(kv => kv.Key, kv => new[] { $"127.0.0.1:{kv.Value}" });
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(map), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
