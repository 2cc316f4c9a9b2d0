namespace GitGateway.Vip.Bgp;

/// <summary>A decoded BGP message; records compare by value so codec round trips can be checked.</summary>
public abstract record BgpMessage
{
    /// <summary>The message type written in the header.</summary>
    public abstract BgpMessageType Type { get; }
}
