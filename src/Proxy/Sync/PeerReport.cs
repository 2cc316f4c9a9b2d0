using GitGateway.Vip.Bgp;

namespace GitGateway.Proxy.Sync;

/// <summary>
/// One BGP session of the node's VIP announcer as the control plane sees it: the RFC 4271 session state, seconds
/// since it became Established, prefixes advertised and received, and the last error.
/// </summary>
public sealed record PeerReport(string Peer, uint PeerAs, string State, double UptimeSeconds, int PrefixesAdvertised, int PrefixesReceived, string? LastError)
{
    /// <summary>The prefixes the peer has been sent and not withdrawn, or null from a node that does not say.</summary>
    public IReadOnlyList<string>? Advertised { get; init; }

    /// <summary>The report for one session snapshot, with the uptime measured at <paramref name="now"/>.</summary>
    public static PeerReport From(BgpPeerStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        var uptime = status.EstablishedSince is { } since ? (now - since).TotalSeconds : 0;
        return new PeerReport(status.Peer, status.PeerAs, status.State.ToString(), uptime, status.PrefixesAdvertised, status.PrefixesReceived, status.LastError)
        {
            Advertised = status.Advertised,
        };
    }
}
