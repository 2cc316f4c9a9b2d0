using System.Net;
using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// How a node treats what a client says about itself: the path rules, headers with underscores, and which peers
/// may speak for the client in forwarded headers. By default the node is the edge: no peer is trusted.
/// </summary>
/// <param name="EscapedSlashes">A path with <c>%2F</c> or <c>%5C</c>: 400 (default) or kept encoded.</param>
/// <param name="UnderscoreHeaders">Request headers named with an underscore: dropped (default), 400 or forwarded.</param>
/// <param name="TrustedProxies">Peers (load balancers) whose X-Forwarded-* are kept and appended to; none by default.</param>
/// <param name="TrustedHops">How many X-Forwarded-For entries from a trusted peer are kept, counted from the right
/// (the ones its proxies appended): earlier ones are the client's own claims and are dropped. Default 1.</param>
/// <param name="ProxyProtocol">Read a PROXY protocol v1/v2 header from trusted peers (off by default; see
/// <c>Admission/ProxyProtocolAcceptor</c>).</param>
internal sealed record EdgePolicy(
    EscapedSlashAction EscapedSlashes = EscapedSlashAction.Reject,
    UnderscoreHeaderAction UnderscoreHeaders = UnderscoreHeaderAction.Drop,
    IReadOnlyList<IPNetwork>? TrustedProxies = null,
    int TrustedHops = 1,
    bool ProxyProtocol = false)
{
    public static EdgePolicy Default { get; } = new();

    /// <summary>True when <paramref name="peer"/> is one of <see cref="TrustedProxies"/>.</summary>
    public bool IsTrusted(IPAddress? peer) => KeptForwardedHops(peer) > 0;

    /// <summary>The X-Forwarded-For entries to keep from a request of <paramref name="peer"/>: 0 when it is not trusted.</summary>
    public int KeptForwardedHops(IPAddress? peer)
    {
        if (TrustedProxies is not { Count: > 0 } trusted || peer is null)
        {
            return 0;
        }

        var address = peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer;
        for (var i = 0; i < trusted.Count; i++)
        {
            if (trusted[i].Contains(address))
            {
                return TrustedHops;
            }
        }

        return 0;
    }
}
