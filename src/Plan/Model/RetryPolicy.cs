namespace GitGateway.Plan.Model;

/// <summary>Retries of a rule.</summary>
/// <param name="Attempts">Retries after the first try.</param>
/// <param name="Codes">HTTP status codes that cause a retry.</param>
/// <param name="RetryOnConnectFailure">Retry when the backend connection fails or resets.</param>
/// <param name="BackoffMs">The wait between tries, in milliseconds.</param>
/// <param name="PerTryTimeoutMs">The timeout of one try, in milliseconds, or null.</param>
public sealed record RetryPolicy(int Attempts, EquatableArray<int> Codes, bool RetryOnConnectFailure, long BackoffMs, long? PerTryTimeoutMs);
