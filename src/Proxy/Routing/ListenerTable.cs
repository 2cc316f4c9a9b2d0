using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Routing;

/// <summary>One listener compiled: its virtual hosts by Host, its L4 routes by SNI, its TLS material.</summary>
internal sealed class ListenerTable(
    Listener listener,
    HostnameMap<VirtualHostTable> hosts,
    HostnameMap<CompiledL4Route> l4Routes,
    ServerTls? tls)
{
    public Listener Listener { get; } = listener;

    public string Id { get; } = listener.Id;

    public HostnameMap<VirtualHostTable> Hosts { get; } = hosts;

    /// <summary>L4 routes by SNI hostname; routes without hostnames are under <c>*</c>.</summary>
    public HostnameMap<CompiledL4Route> L4Routes { get; } = l4Routes;

    /// <summary>Server TLS for terminating listeners, or null.</summary>
    public ServerTls? Tls { get; } = tls;

    public bool IsPassthrough => Listener.Tls?.Mode == TlsMode.Passthrough;

    /// <summary>A TLS listener that terminates and then splices TCP instead of serving HTTP.</summary>
    public bool IsTerminatedTcp => Listener.Protocol == ListenerProtocol.TLS && !IsPassthrough;

    /// <summary>The listener's own hostname rule (exact, wildcard or null for any).</summary>
    public bool Accepts(ReadOnlySpan<char> host)
    {
        var name = Listener.Hostname;
        if (name is null or "" or "*")
        {
            return true;
        }

        if (name.StartsWith("*.", StringComparison.Ordinal))
        {
            return host.Length > name.Length - 1 && host.EndsWith(name.AsSpan(1), StringComparison.OrdinalIgnoreCase);
        }

        return host.Equals(name, StringComparison.OrdinalIgnoreCase);
    }
}
