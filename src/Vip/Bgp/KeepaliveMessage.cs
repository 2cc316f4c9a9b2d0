namespace GitGateway.Vip.Bgp;

/// <summary>KEEPALIVE: a header only (RFC 4271 §4.4).</summary>
public sealed record KeepaliveMessage : BgpMessage
{
    /// <summary>The single instance.</summary>
    public static KeepaliveMessage Instance { get; } = new();

    /// <inheritdoc />
    public override BgpMessageType Type => BgpMessageType.Keepalive;
}
