using System.CommandLine;
using GitGateway.Proxy.Discovery;
using GitGateway.Proxy.Upstream;
using GitGateway.Vip.CommandLine;

namespace GitGateway.Proxy.Hosting;

/// <summary>How a node finds and uses backend endpoints: EndpointSlices through the Kubernetes API, balancing, connection ages.</summary>
internal sealed class UpstreamArguments
{
    public Option<string?> Kubernetes { get; } = NodeOption.Text(
        "--kubernetes",
        "SOURCE",
        "Balance per pod from EndpointSlices: in-cluster (service account), a kubeconfig file, or http://host:port (kubectl proxy). Default off: backends.json, then DNS.");

    public Option<string> Certificates { get; } = NodeOption.Choice(
        "--certificates", "Where certificateRefs resolve: files under --cert-dir (dir), or kubernetes.io/tls Secrets watched through --kubernetes (kubernetes), ConfigMaps still from --cert-dir.", "dir", "dir", "kubernetes");

    public Option<string> LoadBalancing { get; } = NodeOption.Choice(
        "--load-balancing", "How a request picks an endpoint of a backend.", "round-robin", "round-robin", "least-request");

    public Option<int> IdleSeconds { get; } = NodeOption.Int(
        "--upstream-idle-seconds", "N", "Close an upstream connection idle for N seconds.", 1, 3_600, (int)UpstreamConnectionOptions.Default.IdleTimeout.TotalSeconds);

    public Option<int> Http1IdleSeconds { get; } = NodeOption.Int(
        "--upstream-http1-idle-seconds", "N", "Stop reusing an HTTP/1.1 keep-alive connection to a backend idle for N seconds (keep N below the backends' keep-alive timeout).", 1, 3_600, (int)UpstreamConnectionOptions.Default.Http1IdleTimeout.TotalSeconds);

    public Option<int> LifetimeSeconds { get; } = NodeOption.Int(
        "--upstream-lifetime-seconds", "N", "Stop reusing an upstream connection N seconds after it opened.", 1, 86_400, (int)UpstreamConnectionOptions.Default.MaxLifetime.TotalSeconds);

    public Option<int> MaxConnections { get; } = NodeOption.Int(
        "--upstream-max-connections", "N", "Open at most N connections to one backend endpoint; more requests wait in a queue for one.", 1, 1_000_000, UpstreamConnectionOptions.Default.MaxConnectionsPerEndpoint);

    public IReadOnlyList<Option> All => [Kubernetes, Certificates, LoadBalancing, IdleSeconds, Http1IdleSeconds, LifetimeSeconds, MaxConnections];

    /// <summary>The rule between options: Secrets come through the API that --kubernetes names.</summary>
    public void Validate(System.CommandLine.Parsing.CommandResult result)
    {
        if (result.GetResult(Certificates) is { Implicit: false, Tokens: [.., var mode] } && mode.Value == "kubernetes" && result.GetResult(Kubernetes) is null or { Implicit: true })
        {
            result.AddError("--certificates kubernetes needs --kubernetes");
        }
    }

    public bool ReadCertificatesFromApi(ParseResult parse) => parse.GetValue(Certificates) == "kubernetes";

    public KubeApiOptions? ReadKubernetes(ParseResult parse) => parse.GetValue(Kubernetes) is { Length: > 0 } source ? new KubeApiOptions(source) : null;

    public LoadBalancing ReadLoadBalancing(ParseResult parse) =>
        parse.GetValue(LoadBalancing) == "least-request" ? Upstream.LoadBalancing.LeastRequest : Upstream.LoadBalancing.RoundRobin;

    public UpstreamConnectionOptions ReadConnections(ParseResult parse) =>
        new(TimeSpan.FromSeconds(parse.GetValue(IdleSeconds)), TimeSpan.FromSeconds(parse.GetValue(LifetimeSeconds)))
        {
            Http1IdleTimeout = TimeSpan.FromSeconds(parse.GetValue(Http1IdleSeconds)),
            MaxConnectionsPerEndpoint = parse.GetValue(MaxConnections),
        };
}
