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

    public static async Task<LocalEchoBackends> StartAsync(IEnumerable<RoutingPlan> plans, Func<int> freePort, CancellationToken cancellationToken)
    {
        var ids = plans.SelectMany(p => p.Listeners)
            .SelectMany(l => l.VirtualHosts.SelectMany(v => v.Routes).SelectMany(r => r.Backends).Concat(l.L4Routes.SelectMany(r => r.Backends)))
            .Select(b => $"{b.Namespace}/{b.Name}:{b.Port}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        // A port closed after asking is free again, so the next ask may return it too: keep asking until each is distinct.
        var taken = new HashSet<int>();
        var ports = ids.ToDictionary(id => id, _ => Distinct(freePort, taken), StringComparer.Ordinal);
        var byPort = ports.ToDictionary(kv => kv.Value, kv => kv.Key);

        // Behind a TLS passthrough listener the node does not end TLS: the backend does, as a real one would.
        var tls = plans.SelectMany(p => p.Listeners).Where(l => l.Protocol == ListenerProtocol.TLS && l.Tls?.Mode == TlsMode.Passthrough)
            .SelectMany(l => l.L4Routes.SelectMany(r => r.Backends)).Select(b => ports[$"{b.Namespace}/{b.Name}:{b.Port}"]).ToHashSet();
        using var certificate = tls.Count == 0 ? null : SelfSigned();

        // gRPC goes to its backends over HTTP/2 without TLS (prior knowledge), which Kestrel speaks on an HTTP/2-only port.
        var grpc = plans.SelectMany(p => p.Listeners).SelectMany(l => l.VirtualHosts.SelectMany(v => v.Routes))
            .Where(r => r.Route.Kind == "GRPCRoute").SelectMany(r => r.Backends).Select(b => ports[$"{b.Namespace}/{b.Name}:{b.Port}"]).ToHashSet();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            foreach (var port in ports.Values)
            {
                k.Listen(System.Net.IPAddress.Loopback, port, o =>
                {
                    o.Protocols = grpc.Contains(port) ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
                    if (tls.Contains(port))
                    {
                        o.UseHttps(X509CertificateLoader.LoadPkcs12(certificate!.Export(X509ContentType.Pkcs12), null));
                    }
                });
            }
        });
        var app = builder.Build();
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
        return new LocalEchoBackends(app, ports);
    }

    private static int Distinct(Func<int> freePort, HashSet<int> taken)
    {
        var port = freePort();
        for (var tries = 0; !taken.Add(port) && tries < 100; tries++)
        {
            port = freePort();
        }

        return port;
    }

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
