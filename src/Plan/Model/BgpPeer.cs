namespace GitGateway.Plan.Model;

/// <summary>A BGP peer.</summary>
/// <param name="Id"><c>peer/&lt;address&gt;</c>.</param>
/// <param name="Address">The peer's address.</param>
/// <param name="As">The peer's AS.</param>
/// <param name="Port">The peer's TCP port.</param>
/// <param name="PasswordSecretRef">Names a TCP MD5 key held on the node, or null.</param>
/// <param name="MaxPrefixes">The most prefixes this speaker sends the peer; set below the router's own maximum-prefix. Null: <see cref="DefaultMaxPrefixes"/>.</param>
/// <param name="TtlSecurityHops">GTSM (RFC 5082): the peer is at most this many hops away (1–254); packets leave with TTL 255 and
/// arrive with at least 256 minus hops, or are dropped. Null: off.</param>
public sealed record BgpPeer(string Id, string Address, uint As, int Port, string? PasswordSecretRef, int? MaxPrefixes = null, int? TtlSecurityHops = null)
{
    /// <summary>The cap when a plan names none.</summary>
    public const int DefaultMaxPrefixes = 100;
}
