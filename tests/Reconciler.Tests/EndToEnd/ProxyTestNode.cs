using System.Net.Security;
using System.Net.Sockets;
using System.Text.Json;
using GitGateway.Fixtures;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Sync;
using GitGateway.Reconciler.Demo;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// A real proxy node (<see cref="ProxyNode"/>) fed by the control plane over the node protocol, with every
/// Gateway port mapped to a free loopback port, and an HTTPS client that reaches it by hostname (SNI + Host).
/// </summary>
internal sealed class ProxyTestNode : IAsyncDisposable
{
    private readonly ProxyNode _node;
    private readonly HttpClient _controlPlaneHttp;
    private readonly HttpClient _client;

    private ProxyTestNode(ProxyNode node, HttpClient controlPlaneHttp, IReadOnlyDictionary<int, int> portMap)
    {
        _node = node;
        _controlPlaneHttp = controlPlaneHttp;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync("127.0.0.1", portMap[context.DnsEndPoint.Port], ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            PooledConnectionLifetime = TimeSpan.Zero,
        };
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// A node following <paramref name="repository"/> (null: the control plane's default one) with <paramref name="token"/>
    /// (null: the fixture's), by long-poll or, with <paramref name="events"/>, by the server-sent event stream.
    /// </summary>
    public static async Task<ProxyTestNode> StartAsync(
        Uri controlPlane,
        string name,
        RoutingPlan portsFrom,
        LocalEchoBackends backends,
        string directory,
        CancellationToken cancellationToken,
        string? repository = null,
        string? token = null,
        bool events = false,
        IReadOnlyDictionary<string, string[]>? extraBackends = null,
        IReadOnlyDictionary<int, int>? portMap = null)
    {
        Directory.CreateDirectory(directory);
        var backendsFile = Path.Combine(directory, "backends.json");
        await backends.WriteBackendsFileAsync(backendsFile, cancellationToken);
        if (extraBackends is not null)
        {
            var map = JsonSerializer.Deserialize<Dictionary<string, string[]>>(await File.ReadAllTextAsync(backendsFile, cancellationToken))!;
            foreach (var (service, endpoints) in extraBackends)
            {
                map[service] = endpoints;
            }

            await File.WriteAllTextAsync(backendsFile, JsonSerializer.Serialize(map), cancellationToken);
        }

        LocalCertificates.Write(portsFrom, Path.Combine(directory, "certs"), TimeProvider.System);
        portMap ??= FreePorts(portsFrom);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var node = await EmbeddedNode.StartAsync(
            new ControlPlaneOptions(controlPlane, name, token ?? ControlPlaneFixture.NodeToken, Repository: repository) { ServerSentEvents = events },
            portMap,
            directory,
            http,
            NullLoggerFactory.Instance,
            TimeProvider.System,
            cancellationToken);
        return new ProxyTestNode(node, http, portMap);
    }

    /// <summary>A free loopback port for each port of <paramref name="plan"/>'s listeners.</summary>
    public static IReadOnlyDictionary<int, int> FreePorts(RoutingPlan plan) =>
        plan.Listeners.Select(l => l.Port).Distinct().ToDictionary(p => p, _ => Ports.FreeTcp());

    /// <summary>What the node's <c>/readyz</c> answers.</summary>
    public NodeReadiness Readiness() => _node.Readiness();

    /// <summary>The node's <c>/metrics</c> text.</summary>
    public string Metrics() => _node.Metrics.Render();

    /// <summary>The backend that answered <c>https://host/path</c> through this node, or "status N", "error …", "no answer in 30 s".</summary>
    public async Task<string> BackendForAsync(string host, string path)
    {
        try
        {
            using var response = await _client.GetAsync(new Uri($"https://{host}:443{path}"), TestContext.Current.CancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return $"status {(int)response.StatusCode}";
            }

            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            return doc.RootElement.GetProperty("backend").GetString() ?? "";
        }
        catch (HttpRequestException ex)
        {
            return "error " + ex.Message;
        }
        catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            // An answer like the others, so a loop sending traffic goes on (and a test sees it) instead of ending.
            return "no answer in 30 s";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _client.Dispose();
        _controlPlaneHttp.Dispose();
    }
}
