namespace GitGateway.Plan.Model;

/// <summary>BFD (RFC 5880) settings for the VIP's peers.</summary>
public sealed record BfdSettings(int DetectMultiplier, int DesiredMinTxMs, int RequiredMinRxMs);
