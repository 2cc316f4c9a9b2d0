namespace GitGateway.Vip.Bgp;

/// <summary>ORIGIN values (RFC 4271 §5.1.1).</summary>
public enum BgpOrigin : byte
{
    Igp = 0,
    Egp = 1,
    Incomplete = 2,
}
