namespace GitGateway.Plan.Model;

/// <summary>ProxyPolicy types.</summary>
public enum PolicyType
{
    /// <summary>Token-bucket rate limit.</summary>
    RateLimit,

    /// <summary>JWT validation.</summary>
    JWT,

    /// <summary>Web application firewall.</summary>
    WAF,

    /// <summary>Cross-origin resource sharing.</summary>
    CORS,

    /// <summary>Allow/deny by client address.</summary>
    IPFilter,

    /// <summary>Timeouts (rendered into the entry's timeouts).</summary>
    Timeout,

    /// <summary>Retries (rendered into the entry's retry policy).</summary>
    Retry,
}
