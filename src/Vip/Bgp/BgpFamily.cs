namespace GitGateway.Vip.Bgp;

/// <summary>An address family / subsequent address family pair (RFC 4760 §3).</summary>
public readonly record struct BgpFamily(ushort Afi, byte Safi)
{
    /// <summary>IPv4 unicast (AFI 1, SAFI 1).</summary>
    public static BgpFamily Ipv4Unicast { get; } = new(1, 1);

    /// <summary>IPv6 unicast (AFI 2, SAFI 1).</summary>
    public static BgpFamily Ipv6Unicast { get; } = new(2, 1);

    /// <inheritdoc />
    public override string ToString() => this == Ipv4Unicast ? "ipv4-unicast" : this == Ipv6Unicast ? "ipv6-unicast" : $"afi{Afi}/safi{Safi}";
}
