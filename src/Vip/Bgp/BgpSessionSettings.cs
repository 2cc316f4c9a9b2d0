using System.Net;

namespace GitGateway.Vip.Bgp;

/// <summary>One configured BGP session.</summary>
/// <param name="LocalAs">The local AS.</param>
/// <param name="RouterId">The local BGP identifier.</param>
/// <param name="PeerAddress">The peer's address.</param>
/// <param name="PeerPort">The peer's TCP port (179 unless configured).</param>
/// <param name="PeerAs">The AS the peer must announce.</param>
/// <param name="HoldTimeSeconds">The proposed hold time (0 or at least 3).</param>
/// <param name="Passive">Wait for the peer to connect instead of connecting (RFC 4271 §8.1.1, PassiveTcpEstablishment).</param>
/// <param name="NextHopV4">The IPv4 next hop to announce, or null for the session's own address.</param>
/// <param name="NextHopV6">The IPv6 next hop to announce, or null for the session's own (or IPv4-mapped) address.</param>
/// <param name="LocalAddress">The address to connect from, or null to let the kernel choose.</param>
/// <param name="ConnectRetryMin">The first reconnect delay; it doubles after each failure.</param>
/// <param name="ConnectRetryMax">The longest reconnect delay.</param>
/// <param name="GracefulRestartSeconds">The restart time announced in the graceful-restart capability (RFC 4724 §3); 0 disables it.</param>
/// <param name="Restarting">Set the Restart State bit: this speaker has just restarted and its peers kept its routes.</param>
/// <param name="MaxPrefixes">The most prefixes this session ever advertises; a larger route set is refused whole.</param>
/// <param name="PacePerSecond">Prefix changes (announced or withdrawn) per second once the burst is spent.</param>
/// <param name="PaceBurst">Prefix changes sent at once after a quiet period.</param>
/// <param name="TtlSecurityHops">GTSM (RFC 5082): the peer is at most this many hops away; null: off.</param>
/// <param name="Password">The TCP MD5 key (RFC 2385) of the peer, or null.</param>
/// <param name="SendHoldTime">How long a write may make no progress before the session is dropped (RFC 9687);
/// null: the RFC's default, the larger of 8 minutes and twice the negotiated hold time.</param>
public sealed record BgpSessionSettings(
    uint LocalAs,
    IPAddress RouterId,
    IPAddress PeerAddress,
    int PeerPort,
    uint PeerAs,
    int HoldTimeSeconds = 90,
    bool Passive = false,
    IPAddress? NextHopV4 = null,
    IPAddress? NextHopV6 = null,
    IPAddress? LocalAddress = null,
    TimeSpan? ConnectRetryMin = null,
    TimeSpan? ConnectRetryMax = null,
    int GracefulRestartSeconds = 120,
    bool Restarting = false,
    int MaxPrefixes = 100,
    int PacePerSecond = 20,
    int PaceBurst = 20,
    int? TtlSecurityHops = null,
    PeerPassword? Password = null,
    TimeSpan? SendHoldTime = null)
{
    /// <summary>Whether the peer is in another AS.</summary>
    public bool IsExternal => LocalAs != PeerAs;

    /// <summary>A stable key for the peer: <c>address:port</c>.</summary>
    public string Key => PeerAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"[{PeerAddress}]:{PeerPort}"
        : $"{PeerAddress}:{PeerPort}";
}
