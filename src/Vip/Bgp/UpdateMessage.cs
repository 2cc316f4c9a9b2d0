using System.Net;
using GitGateway.Plan;

namespace GitGateway.Vip.Bgp;

/// <summary>UPDATE (RFC 4271 §4.3).</summary>
/// <param name="Withdrawn">IPv4 prefixes withdrawn.</param>
/// <param name="Attributes">Path attributes; <see cref="PathAttributes.None"/> for a pure withdrawal.</param>
/// <param name="Nlri">IPv4 prefixes announced.</param>
/// <param name="TreatAsWithdraw">
/// Set by the decoder when an attribute error allows the RFC 7606 §2 "treat-as-withdraw" approach: every prefix
/// the message announces must then be handled as withdrawn, and the session stays up.
/// </param>
public sealed record UpdateMessage(
    EquatableArray<IPNetwork> Withdrawn,
    PathAttributes Attributes,
    EquatableArray<IPNetwork> Nlri,
    string? TreatAsWithdraw = null) : BgpMessage
{
    /// <inheritdoc />
    public override BgpMessageType Type => BgpMessageType.Update;

    /// <summary>The End-of-RIB marker for a family (RFC 4724 §2).</summary>
    public static UpdateMessage EndOfRib(BgpFamily family) => family == BgpFamily.Ipv4Unicast
        ? new UpdateMessage(default, PathAttributes.None, default)
        : new UpdateMessage(default, new PathAttributes(MpUnreach: new MpUnreach(family, default)), default);

    /// <summary>Every prefix the message announces (IPv4 field and MP_REACH_NLRI).</summary>
    public IEnumerable<IPNetwork> Announced => Attributes.MpReach is { } mp ? Nlri.Concat(mp.Nlri) : Nlri;

    /// <summary>Every prefix the message withdraws (IPv4 field and MP_UNREACH_NLRI).</summary>
    public IEnumerable<IPNetwork> WithdrawnAll => Attributes.MpUnreach is { } mp ? Withdrawn.Concat(mp.Withdrawn) : Withdrawn;
}
