namespace GitGateway.Plan.Model;

/// <summary>
/// A ProxyPolicy in effect on a route entry; exactly the member matching <see cref="Type"/> is set.
/// </summary>
/// <param name="Id"><c>proxypolicy/&lt;ns&gt;/&lt;name&gt;</c>.</param>
/// <param name="Type">The policy type.</param>
/// <param name="Origin">Gateway-wide or route-level.</param>
/// <param name="Enforced">A gateway policy a route policy may not drop.</param>
/// <param name="Source">Where the policy is declared.</param>
public sealed record AppliedPolicy(
    string Id,
    PolicyType Type,
    PolicyOrigin Origin,
    bool Enforced,
    SourceMark Source,
    RateLimitSettings? RateLimit = null,
    JwtSettings? Jwt = null,
    WafSettings? Waf = null,
    CorsFilter? Cors = null,
    IpFilterSettings? IpFilter = null);
