namespace GitGateway.Plan.Model;

/// <summary>Token bucket per key: <c>source-ip</c>, <c>header:&lt;name&gt;</c> or <c>jwt-claim:&lt;name&gt;</c>.</summary>
public sealed record RateLimitSettings(int RequestsPerSecond, int Burst, string Key);
