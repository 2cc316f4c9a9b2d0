using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// An immutable, compiled plan revision. Requests read the current table once and finish on it, so a swap never
/// changes the rules under a request in flight.
/// </summary>
internal sealed class RouteTable(RoutingPlan plan, string hash, IReadOnlyDictionary<int, PortTable> ports, IReadOnlyList<string> warnings)
{
    public static RouteTable Empty { get; } = new(RoutingPlan.Empty("none"), "", new Dictionary<int, PortTable>(), []);

    public RoutingPlan Plan { get; } = plan;

    /// <summary>The plan's content hash (<c>sha256:…</c>).</summary>
    public string Hash { get; } = hash;

    /// <summary>Port tables by Gateway (plan) port.</summary>
    public IReadOnlyDictionary<int, PortTable> Ports { get; } = ports;

    /// <summary>What the node does not enforce for this plan (unsupported policies, missing certificates).</summary>
    public IReadOnlyList<string> Warnings { get; } = warnings;

    /// <summary>The distinct regular expressions the table uses (what the node's RegexCache keeps while it serves).</summary>
    public IReadOnlySet<string> RegexPatterns { get; init; } = new HashSet<string>();

    public PortTable? Port(int planPort) => Ports.TryGetValue(planPort, out var port) ? port : null;
}
