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

    public Option<string> LoadBalancing { get; } = NodeOption.Choice(
        "--load-balancing", "How a request picks an endpoint of a backend.", "round-robin", "round-robin", "least-request");

    public Option<int> IdleSeconds { get; } = NodeOption.Int(
        "--upstream-idle-seconds", "N", "Close an upstream connection idle for N seconds.", 1, 3_600, (int)UpstreamConnectionOptions.Default.IdleTimeout.TotalSeconds);

    public Option<int> LifetimeSeconds { get; } = NodeOption.Int(
        "--upstream-lifetime-seconds", "N", "Stop reusing an upstream connection N seconds after it opened.", 1, 86_400, (int)UpstreamConnectionOptions.Default.MaxLifetime.TotalSeconds);

    public IReadOnlyList<Option> All => [Kubernetes, LoadBalancing, IdleSeconds, LifetimeSeconds];

    public KubeApiOptions? ReadKubernetes(ParseResult parse) => parse.GetValue(Kubernetes) is { Length: > 0 } source ? new KubeApiOptions(source) : null;

    public LoadBalancing ReadLoadBalancing(ParseResult parse) =>
        parse.GetValue(LoadBalancing) == "least-request" ? Upstream.LoadBalancing.LeastRequest : Upstream.LoadBalancing.RoundRobin;

    public UpstreamConnectionOptions ReadConnections(ParseResult parse) =>
        new(TimeSpan.FromSeconds(parse.GetValue(IdleSeconds)), TimeSpan.FromSeconds(parse.GetValue(LifetimeSeconds)));
}
