namespace GitGateway.Vip.Bfd;

/// <summary>Session states as encoded in the Sta field (RFC 5880 §4.1).</summary>
public enum BfdState : byte
{
    AdminDown = 0,
    Down = 1,
    Init = 2,
    Up = 3,
}
