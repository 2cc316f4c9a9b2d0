namespace GitGateway.Proxy.Routing;

/// <summary>
/// The listeners that share one Gateway port. A request or connection picks its listener by SNI or Host:
/// exact hostname first, then the most specific wildcard, then a listener without hostname
/// (https://gateway-api.sigs.k8s.io/reference/spec/#listener).
/// </summary>
internal sealed class PortTable(int planPort, PortKind kind, ListenerTable[] listeners)
{
    private readonly HostnameMap<ListenerTable> _byHostname = new(
        listeners.Select(l => new KeyValuePair<string, ListenerTable>(l.Listener.Hostname ?? "*", l)));

    public int PlanPort { get; } = planPort;

    public PortKind Kind { get; } = kind;

    public IReadOnlyList<ListenerTable> Listeners { get; } = listeners;

    /// <summary>The listener for a hostname (SNI or Host without port), or null.</summary>
    public ListenerTable? Select(ReadOnlySpan<char> hostname) => _byHostname.Find(hostname);
}
