using System.Net;
using System.Text.Json;
using GitGateway.Fixtures;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Discovery;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Sync;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>
/// A proxy node in the test process, bound on loopback with every Gateway port mapped to a free local port.
/// Plans are applied directly; the file source is not used.
/// </summary>
internal sealed class ProxyHost : IAsyncDisposable
{
    private readonly Dictionary<int, int> _ports;

    private ProxyHost(ProxyNode node, Dictionary<int, int> ports, string directory)
    {
        Node = node;
        _ports = ports;
        Directory = directory;
    }

    public ProxyNode Node { get; }

    public string Directory { get; }

    /// <param name="output">When given, the node's stdout (with the access log on); otherwise the access log is off.</param>
    /// <param name="admin">Serve /healthz, /readyz and /metrics on a free port (<see cref="ProxyNode.AdminPort"/>).</param>
    /// <param name="regexLinearBudget">Linear-time automata the node may build (0: every regex stays interpreted with its timeout).</param>
    public static async Task<ProxyHost> StartAsync(
        IReadOnlyDictionary<string, string[]> backends, int[] gatewayPorts, string? certDir = null, string? stateDir = null, bool udp = false,
        TextWriter? output = null, bool admin = false, EdgePolicy? edge = null, ConnectionLimits? limits = null, KubeApiOptions? kubernetes = null, bool certificatesFromApi = false,
        int regexLinearBudget = GitGateway.Proxy.Routing.RegexCache.MaxLinear, GitGateway.Proxy.Upstream.UpstreamConnectionOptions? upstream = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "gg-proxy-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var backendsPath = Path.Combine(directory, "backends.json");
        await File.WriteAllTextAsync(backendsPath, JsonSerializer.Serialize(backends), TestContext.Current.CancellationToken);
        var ports = gatewayPorts.ToDictionary(p => p, _ => udp ? Ports.FreeUdp() : Ports.FreeTcp());
        var options = new ProxyOptions(
            Path.Combine(directory, "plan.json"), backendsPath, IPAddress.Loopback, ports, certDir, admin ? 0 : null,
            stateDir ?? Path.Combine(directory, "state"), "test-node", AccessLog: output is not null, TimeSpan.FromSeconds(5))
        { Edge = edge ?? EdgePolicy.Default, Limits = limits ?? ConnectionLimits.Default, Kubernetes = kubernetes, CertificatesFromApi = certificatesFromApi, RegexLinearBudget = regexLinearBudget, Upstream = upstream ?? GitGateway.Proxy.Upstream.UpstreamConnectionOptions.Default };
        var node = new ProxyNode(options, TimeProvider.System, NullLoggerFactory.Instance, output ?? TextWriter.Null) { Source = new NoPlanSource() };
        await node.StartAsync(TestContext.Current.CancellationToken);
        return new ProxyHost(node, ports, directory);
    }

    public static Dictionary<string, string[]> Backends(params EchoBackend[] backends) =>
        backends.ToDictionary(b => $"infra/{b.Name}:8080", b => new[] { b.Authority });

    public int LocalPort(int gatewayPort) => _ports[gatewayPort];

    public async Task ApplyAsync(RoutingPlan plan)
    {
        var report = await Node.ApplyAsync(plan, TestContext.Current.CancellationToken);
        Assert.True(report.Accepted, report.Error);
    }

    public HttpClient Client(int gatewayPort, Version? version = null) => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{_ports[gatewayPort]}"),
        DefaultRequestVersion = version ?? HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(20),
    };

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private sealed class NoPlanSource : IPlanSource
    {
        public async IAsyncEnumerable<IncomingPlan> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            yield break;
        }

        public Task ReportAsync(PlanApplyReport report, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
