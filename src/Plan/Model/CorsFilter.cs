namespace GitGateway.Plan.Model;

/// <summary>CORS settings (Gateway API HTTPCORSFilter, also used by the CORS ProxyPolicy).</summary>
public sealed record CorsFilter(
    EquatableArray<string> AllowOrigins,
    EquatableArray<string> AllowMethods,
    EquatableArray<string> AllowHeaders,
    EquatableArray<string> ExposeHeaders,
    bool AllowCredentials,
    int? MaxAgeSeconds);
