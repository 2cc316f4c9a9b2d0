namespace GitGateway.Vip.Bgp;

/// <summary>A snapshot of one session for status pages and metrics.</summary>
public sealed record BgpPeerStatus(
    string Peer,
    uint PeerAs,
    BgpState State,
    DateTimeOffset? EstablishedSince,
    int PrefixesAdvertised,
    int PrefixesReceived,
    string? LastError,
    long Established,
    string? BfdState)
{
    /// <summary>
    /// The prefixes sent to the peer and not withdrawn (empty unless Established), so the control plane can tell,
    /// per peer, a prefix the plan says to announce that the router was not sent (issue 15, speaker drift).
    /// </summary>
    public IReadOnlyList<string> Advertised { get; init; } = [];
}
