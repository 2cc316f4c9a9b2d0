using System.Security.Cryptography.X509Certificates;
using GitGateway.Fixtures.Echo;

namespace GitGateway.Conformance.Tests.Setup;

/// <summary>
/// The echo instances (from <see cref="EchoPool"/>) for the Deployments a case's plan reaches, standing in for their pods, and the <c>backends.json</c>
/// map from Service ports to those instances' ports.
/// </summary>
internal sealed class BackendSet : IAsyncDisposable
{
    private readonly Dictionary<string, EchoServer> _servers;

    private BackendSet(Dictionary<string, EchoServer> servers, Dictionary<string, string[]> endpoints)
    {
        _servers = servers;
        Endpoints = endpoints;
    }

    /// <summary><c>"ns/name:port"</c> → <c>["127.0.0.1:P"]</c>, the proxy's <c>--backends</c> file.</summary>
    public IReadOnlyDictionary<string, string[]> Endpoints { get; }

    /// <summary>The echo instances of Deployments in <paramref name="ns"/> whose name is <paramref name="name"/>.</summary>
    public IEnumerable<EchoServer> Named(string ns, string name) =>
        _servers.Values.Where(s => s.Options.Namespace == ns && s.Options.Pod.StartsWith(name + "-", StringComparison.Ordinal));

    public static async Task<BackendSet> StartAsync(
        Topology topology, IEnumerable<(string Namespace, string Name, int Port)> services, IReadOnlyDictionary<string, SuiteObject> secrets, CancellationToken ct)
    {
        var servers = new Dictionary<string, EchoServer>(StringComparer.Ordinal);
        var endpoints = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (ns, name, port) in services.Order())
        {
            if (topology.Resolve(ns, name, port) is not var (deployment, targetPort))
            {
                continue;
            }

            if (!servers.TryGetValue(deployment.Key, out var server))
            {
                server = await EchoPool.GetAsync(deployment, () => Options(deployment, secrets), ct);
                servers[deployment.Key] = server;
            }

            if (PortFor(deployment.Mode, targetPort, server.Ports) is { } local)
            {
                endpoints[$"{ns}/{name}:{port}"] = [$"127.0.0.1:{local}"];
            }
        }

        return new BackendSet(servers, endpoints);
    }

    /// <summary>The pod whose echo logged <paramref name="requestUri"/> (a UDP datagram: <c>udp:&lt;payload&gt;</c>), or null.</summary>
    public string? PodThatSaw(string requestUri) => _servers.Values.FirstOrDefault(s => s.CountEchoes(requestUri) > 0)?.Options.Pod;

    /// <summary>The instances belong to <see cref="EchoPool"/> and outlive the case.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static EchoOptions Options(DeploymentSpec deployment, IReadOnlyDictionary<string, SuiteObject> secrets)
    {
        X509Certificate2? cert = null;
        if (deployment.CertificateSecret is { } secret && secrets.TryGetValue($"{deployment.Namespace}/{secret}", out var o) && o.KeyPem is not null)
        {
            using var pem = X509Certificate2.CreateFromPem(o.CertificatePem, o.KeyPem);
            cert = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }

        return new EchoOptions
        {
            Pod = deployment.PodName,
            Namespace = deployment.Namespace,
            Certificate = cert,
            Tcp = deployment.Mode == EchoMode.Tcp,
            Udp = deployment.Mode == EchoMode.Udp,
        };
    }

    /// <summary>Which of the instance's ports plays the container port the Service targets.</summary>
    private static int? PortFor(EchoMode mode, int targetPort, EchoPorts ports) => (mode, targetPort) switch
    {
        (EchoMode.Grpc, 8443) => ports.Https ?? ports.H2c, // gRPC over TLS when the pod has TLS_SERVER_CERT, as upstream's echo
        (EchoMode.Grpc, _) => ports.H2c,
        (EchoMode.Udp, _) => ports.Udp,
        (EchoMode.Tcp, 8443) => ports.TcpTls,
        (EchoMode.Tcp, _) => ports.Tcp,
        (_, 3001) => ports.H2c,
        (_, 8443) => ports.Https,
        _ => ports.Http,
    };
}
