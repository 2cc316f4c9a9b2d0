using GitGateway.Proxy.Filters;
using GitGateway.Proxy.Policies.Waf;

namespace GitGateway.Proxy.Policies;

/// <summary>The policies a route entry enforces, compiled once per plan revision.</summary>
internal sealed class PolicySet(TokenBucketLimiter[] rateLimits, IpFilter[] ipFilters, JwtValidator[] jwts, CorsPolicy? cors, WafGuard? waf = null)
{
    public static PolicySet None { get; } = new([], [], [], null);

    public JwtValidator[] Jwts { get; } = jwts;

    public TokenBucketLimiter[] RateLimits { get; } = rateLimits;

    public IpFilter[] IpFilters { get; } = ipFilters;

    public CorsPolicy? Cors { get; } = cors;

    /// <summary>The entry's enabled WAF policies, inspected together; null without any.</summary>
    public WafGuard? Waf { get; } = waf;

    public bool IsEmpty { get; } = rateLimits.Length == 0 && ipFilters.Length == 0 && jwts.Length == 0 && cors is null && waf is null;
}
