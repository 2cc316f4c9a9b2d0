using System.Net;
using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Discovery;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Routing;
using GitGateway.Proxy.Upstream;
using GitGateway.Vip.Announcing;

namespace GitGateway.Proxy.Hosting;

/// <summary>What a node runs with: the command line of <c>gitgateway-proxy</c> (<see cref="ProxyCommandLine"/>), or an embedding host's choice.</summary>
internal sealed record ProxyOptions(
    string? PlanPath,
    string? BackendsPath,
    IPAddress Listen,
    IReadOnlyDictionary<int, int> PortMap,
    string? CertDir,
    int? AdminPort,
    string? StateDir,
    string NodeName,
    bool AccessLog,
    TimeSpan Drain,
    AnnouncerOptions? Vip = null,
    TimeSpan WithdrawDelay = default,
    Uri? ControlPlane = null,
    string? NodeTokenFile = null,
    string? Repository = null,
    bool ServerSentEvents = false)
{
    /// <summary>Path, header and forwarded-header rules for requests (README "Edge defaults").</summary>
    public EdgePolicy Edge { get; init; } = EdgePolicy.Default;

    /// <summary>Connection, header and overload limits (README "Limits and defaults").</summary>
    public ConnectionLimits Limits { get; init; } = ConnectionLimits.Default;

    /// <summary>The Kubernetes API for EndpointSlices (<c>--kubernetes</c>); null keeps backends.json and DNS only.</summary>
    public KubeApiOptions? Kubernetes { get; init; }

    /// <summary>Certificates from TLS Secrets through the Kubernetes API (<c>--certificates kubernetes</c>, needs <see cref="Kubernetes"/>) instead of <see cref="CertDir"/>.</summary>
    public bool CertificatesFromApi { get; init; }

    /// <summary>How requests pick an endpoint of a backend (<c>--load-balancing</c>).</summary>
    public LoadBalancing LoadBalancing { get; init; } = LoadBalancing.RoundRobin;

    /// <summary>Idle timeout and maximum lifetime of upstream connections (<c>--upstream-idle-seconds</c>, <c>--upstream-lifetime-seconds</c>).</summary>
    public UpstreamConnectionOptions Upstream { get; init; } = UpstreamConnectionOptions.Default;

    /// <summary>
    /// On shutdown, how long the node answers /readyz 503 while it still serves before it stops accepting
    /// (<c>--unready-seconds</c>): the time a load balancer checking /readyz needs to stop sending new requests.
    /// </summary>
    public TimeSpan UnreadyGrace { get; init; }

    /// <summary>
    /// Whether the node gives the GC's spare memory back once a burst of requests has ended (<c>--gc-after-burst</c>,
    /// <see cref="BurstEndCollector"/>): off by default, since the next burst pays to grow it again.
    /// </summary>
    public bool GcAfterBurst { get; init; }

    /// <summary>How many patterns may have a linear-time automaton built (README "Regular expressions"); an embedding host or test may lower it.</summary>
    public int RegexLinearBudget { get; init; } = RegexCache.MaxLinear;
}
