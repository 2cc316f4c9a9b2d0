using GitGateway.Plan;

namespace GitGateway.Vip.Bgp;

/// <summary>NOTIFICATION (RFC 4271 §4.5): an error code, subcode and data; the sender closes the connection.</summary>
public sealed record NotificationMessage(byte Code, byte Subcode, EquatableArray<byte> Data) : BgpMessage
{
    /// <inheritdoc />
    public override BgpMessageType Type => BgpMessageType.Notification;

    /// <inheritdoc />
    public override string ToString() => $"NOTIFICATION {Code}/{Subcode} ({BgpError.Describe(Code, Subcode)})";
}
