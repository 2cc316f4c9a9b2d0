using System.Text.Json;
using GitGateway.Plan.Model;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GitGateway.Reconciler.Demo;

/// <summary>
/// Stand-in Services for the embedded default: one loopback port per backend of a plan, each answering with a
/// small JSON document naming the backend, so a curl shows where routing sent it. Writes the node's backends
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
        var ports = ids.ToDictionary(id => id, _ => freePort(), StringComparer.Ordinal);
        var byPort = ports.ToDictionary(kv => kv.Value, kv => kv.Key);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            foreach (var port in ports.Values)
            {
                k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http1AndHttp2);
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
