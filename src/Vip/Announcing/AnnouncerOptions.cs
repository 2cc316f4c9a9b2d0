using System.Net;

namespace GitGateway.Vip.Announcing;

/// <summary>What a node adds to the plan's VIP settings.</summary>
/// <param name="NodeName">This node's name, for logs and status.</param>
/// <param name="NodeLabels">Labels matched against a VIP's nodeSelector.</param>
/// <param name="RouterId">Overrides the plan's router ID (each node needs its own).</param>
/// <param name="NextHopV4">IPv4 next hop to announce instead of the session's own address.</param>
/// <param name="NextHopV6">IPv6 next hop to announce instead of the session's own address.</param>
/// <param name="LocalAddress">Address to open BGP and BFD sessions from.</param>
/// <param name="Passive">Wait for peers to connect instead of connecting.</param>
/// <param name="ConnectRetryMin">First reconnect delay.</param>
/// <param name="ConnectRetryMax">Longest reconnect delay.</param>
/// <param name="BfdPort">UDP port of BFD control packets (3784, RFC 5881 §4); tests may move it.</param>
/// <param name="ListenPort">Accept BGP connections from configured peers on this port (179 normally), or null to only dial out.</param>
/// <param name="VipInterface">Dummy interface to add announced VIP addresses to, or null (the default) to leave interfaces alone.</param>
/// <param name="SecretDirectory">Where peers' TCP MD5 keys live (<c>DIR/&lt;name&gt;/password</c>), or null: then a plan naming a key is refused.</param>
/// <param name="FloorProbeAddress">Where the floor checks that the local proxy accepts on a VIP's ports, which the proxy's own
/// answer must name as bound (127.0.0.1 from the command line), or null: no floor, a VIP follows readiness alone.</param>
/// <param name="FleetStatus">The other nodes' announcer <c>/status</c> URLs, the floor's fleet view; none: every node counts as the last.</param>
/// <param name="SendHoldTime">The send hold time of every session (RFC 9687), or null for the RFC's default (max(8 min, 2 × hold time)).</param>
/// <param name="GracefulRestartSeconds">The restart time every session announces (RFC 4724 §3, 0–4095): how long a helper router
/// keeps this node's routes, marked stale, after the speaker dies without a word; 0 announces no graceful restart.</param>
public sealed record AnnouncerOptions(
    string NodeName,
    IReadOnlyDictionary<string, string>? NodeLabels = null,
    IPAddress? RouterId = null,
    IPAddress? NextHopV4 = null,
    IPAddress? NextHopV6 = null,
    IPAddress? LocalAddress = null,
    bool Passive = false,
    TimeSpan? ConnectRetryMin = null,
    TimeSpan? ConnectRetryMax = null,
    int BfdPort = 3784,
    string? VipInterface = null,
    int? ListenPort = null,
    string? SecretDirectory = null,
    TimeSpan? SendHoldTime = null,
    IPAddress? FloorProbeAddress = null,
    IReadOnlyList<Uri>? FleetStatus = null,
    int GracefulRestartSeconds = 120);
