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
    string? BfdState);
