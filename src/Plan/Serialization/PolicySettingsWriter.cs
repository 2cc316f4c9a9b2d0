using System.Text.Json;
using GitGateway.Plan.Model;
using M = GitGateway.Plan.Serialization.PlanJsonMembers;

namespace GitGateway.Plan.Serialization;

/// <summary>The writers of an applied policy's settings (rate limit, JWT, WAF, CORS, IP filter).</summary>
internal static class PolicySettingsWriter
{
    public static void RateLimit(Utf8JsonWriter writer, RateLimitSettings settings)
    {
        writer.WriteNumber("requestsPerSecond"u8, settings.RequestsPerSecond);
        writer.WriteNumber("burst"u8, settings.Burst);
        M.String(writer, "key"u8, settings.Key);
    }

    public static void Jwt(Utf8JsonWriter writer, JwtSettings settings)
    {
        M.String(writer, "issuer"u8, settings.Issuer);
        M.Strings(writer, "audiences"u8, settings.Audiences);
        M.String(writer, "jwksUri"u8, settings.JwksUri);
        M.Array(writer, "forwardClaims"u8, settings.ForwardClaims, FilterWriter.HeaderValue);
    }

    public static void Waf(Utf8JsonWriter writer, WafSettings settings)
    {
        writer.WriteBoolean("enabled"u8, settings.Enabled);
        M.String(writer, "mode"u8, settings.Mode);
        writer.WriteNumber("paranoiaLevel"u8, settings.ParanoiaLevel);
        writer.WriteNumber("anomalyThreshold"u8, settings.AnomalyThreshold);
    }

    /// <summary>CORS settings, of a CORS filter or a CORS policy.</summary>
    public static void Cors(Utf8JsonWriter writer, CorsFilter cors)
    {
        M.Strings(writer, "allowOrigins"u8, cors.AllowOrigins);
        M.Strings(writer, "allowMethods"u8, cors.AllowMethods);
        M.Strings(writer, "allowHeaders"u8, cors.AllowHeaders);
        M.Strings(writer, "exposeHeaders"u8, cors.ExposeHeaders);
        writer.WriteBoolean("allowCredentials"u8, cors.AllowCredentials);
        M.Number(writer, "maxAgeSeconds"u8, cors.MaxAgeSeconds);
    }

    public static void IpFilter(Utf8JsonWriter writer, IpFilterSettings settings)
    {
        M.Strings(writer, "allow"u8, settings.Allow);
        M.Strings(writer, "deny"u8, settings.Deny);
        M.Strings(writer, "trustedProxies"u8, settings.TrustedProxies);
    }
}
