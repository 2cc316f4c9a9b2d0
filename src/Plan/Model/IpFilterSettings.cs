namespace GitGateway.Plan.Model;

/// <summary>Client address filter; the client address is taken from X-Forwarded-For only behind trusted proxies.</summary>
public sealed record IpFilterSettings(EquatableArray<string> Allow, EquatableArray<string> Deny, EquatableArray<string> TrustedProxies);
