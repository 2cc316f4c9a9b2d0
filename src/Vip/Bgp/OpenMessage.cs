using GitGateway.Plan;

namespace GitGateway.Vip.Bgp;

/// <summary>OPEN (RFC 4271 §4.2) with its capabilities (RFC 5492).</summary>
/// <param name="Version">The protocol version; 4.</param>
/// <param name="MyAs">The two-octet AS field; AS_TRANS (23456) when the real AS needs four octets (RFC 6793 §4.1).</param>
/// <param name="HoldTimeSeconds">The proposed hold time: 0 or at least 3.</param>
/// <param name="BgpIdentifier">The BGP identifier as a host-order integer.</param>
/// <param name="Capabilities">Capabilities, in the order sent.</param>
public sealed record OpenMessage(byte Version, ushort MyAs, ushort HoldTimeSeconds, uint BgpIdentifier, EquatableArray<BgpCapability> Capabilities) : BgpMessage
{
    /// <summary>AS_TRANS (RFC 6793 §9).</summary>
    public const ushort AsTrans = 23456;

    /// <inheritdoc />
    public override BgpMessageType Type => BgpMessageType.Open;
}
