using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitGateway.Proxy.Observability;
using GitGateway.Vip.Announcing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GitGateway.Proxy.Hosting;

/// <summary>
/// The node's admin endpoint on loopback: <c>/healthz</c> (the process serves), <c>/readyz</c> (a plan is applied
/// and all its listeners are bound: what a load balancer or the VIP announcer should follow) and
/// <c>/metrics</c> (Prometheus text, with the GC's figures of <see cref="MemoryGauges"/> and the JIT's of <see cref="JitGauges"/>); with the in-process
/// announcer also its per-peer series on <c>/metrics</c> and its status document on <c>/vip</c>.
/// <paramref name="sample"/> refreshes the gauges that are sampled on demand (the load shedder's) before <c>/metrics</c>
/// renders them.
/// </summary>
internal sealed partial class AdminServer(KestrelFactory factory, ProxyMetrics metrics, Func<NodeReadiness> readiness, Action sample, AnnouncerHost? vip = null)
{
    private IServer? _server;

    /// <summary>Starts on <c>127.0.0.1:port</c> (0 picks a free port); returns the bound port.</summary>
    public async Task<int> StartAsync(int port, CancellationToken cancellationToken)
    {
        var server = factory.Create(options => options.Listen(IPAddress.Loopback, port));
        await server.StartAsync(new ProxyApplication(HandleAsync), cancellationToken);
        _server = server;
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return address is null ? port : new Uri(address).Port;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            await server.StopAsync(cancellationToken);
            server.Dispose();
        }
    }

    private Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/plain; charset=utf-8";
        switch (context.Request.Path.Value)
        {
            case "/healthz":
                return response.WriteAsync("ok\n", context.RequestAborted);
            case "/readyz":
                var state = readiness();
                response.StatusCode = state.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
                response.ContentType = "application/json";
                return JsonSerializer.SerializeAsync(response.Body, state, ReadinessJson.Default.NodeReadiness, context.RequestAborted);
            case "/metrics":
                response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                sample();
                return response.WriteAsync(metrics.Render() + MemoryGauges.Render() + JitGauges.Render() + vip?.Metrics(), context.RequestAborted);
            case "/vip" when vip is not null:
                response.ContentType = "application/json";
                return response.WriteAsync(vip.StatusJson(), context.RequestAborted);
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
        }
    }

    /// <summary>The <c>/readyz</c> document, written without reflection (System.Text.Json's default options, as before).</summary>
    [JsonSerializable(typeof(NodeReadiness))]
    private sealed partial class ReadinessJson : JsonSerializerContext;
}
