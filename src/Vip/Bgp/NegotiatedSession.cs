namespace GitGateway.Vip.Bgp;

/// <summary>What both OPENs agreed on: hold time, AS encoding, families (RFC 4271 §4.2, RFC 6793, RFC 4760).</summary>
public sealed record NegotiatedSession(
    uint PeerAs,
    uint PeerBgpIdentifier,
    int HoldTimeSeconds,
    bool FourOctetAs,
    IReadOnlySet<BgpFamily> Families,
    bool RouteRefresh,
    bool PeerGracefulRestart);
