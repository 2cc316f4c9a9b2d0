namespace GitGateway.Vip.Bgp;

/// <summary>ROUTE-REFRESH (RFC 2918 §3): asks the peer to resend its Adj-RIB-Out for one family.</summary>
/// <param name="Family">The address family.</param>
/// <param name="Subtype">The reserved octet (a subtype in RFC 7313); 0 for a plain refresh.</param>
public sealed record RouteRefreshMessage(BgpFamily Family, byte Subtype) : BgpMessage
{
    /// <inheritdoc />
    public override BgpMessageType Type => BgpMessageType.RouteRefresh;
}
