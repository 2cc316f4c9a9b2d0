using System.Text.Json;
using GitGateway.Plan.Model;
using F = GitGateway.Plan.Serialization.PlanJsonFields;

namespace GitGateway.Plan.Serialization;

/// <summary>The readers of an applied policy's settings (rate limit, JWT, WAF, CORS, IP filter).</summary>
internal static class PolicySettingsReader
{
    public static RateLimitSettings? RateLimit(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        var (perSecond, burst) = (0, 0);
        string? key = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("requestsPerSecond"u8)) { perSecond = F.Int(ref reader); }
            else if (reader.ValueTextEquals("burst"u8)) { burst = F.Int(ref reader); }
            else if (reader.ValueTextEquals("key"u8)) { key = F.String(ref reader, nullable: false); }
            else { F.Skip(ref reader); }
        }

        return new RateLimitSettings(perSecond, burst, key!);
    }

    public static JwtSettings? Jwt(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        string? issuer = null, jwks = null;
        EquatableArray<string> audiences = default;
        EquatableArray<HeaderValue> claims = default;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("issuer"u8)) { issuer = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("audiences"u8)) { audiences = F.Strings(ref reader); }
            else if (reader.ValueTextEquals("jwksUri"u8)) { jwks = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("forwardClaims"u8)) { claims = F.Array(ref reader, FilterReader.HeaderValue); }
            else { F.Skip(ref reader); }
        }

        return new JwtSettings(issuer!, audiences, jwks!, claims);
    }

    public static WafSettings? Waf(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        var (enabled, paranoia, threshold) = (false, 0, 0);
        string? mode = null;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("enabled"u8)) { enabled = F.Bool(ref reader); }
            else if (reader.ValueTextEquals("mode"u8)) { mode = F.String(ref reader, nullable: false); }
            else if (reader.ValueTextEquals("paranoiaLevel"u8)) { paranoia = F.Int(ref reader); }
            else if (reader.ValueTextEquals("anomalyThreshold"u8)) { threshold = F.Int(ref reader); }
            else { F.Skip(ref reader); }
        }

        return new WafSettings(enabled, mode!, paranoia, threshold);
    }

    /// <summary>CORS settings, of a CORS filter or a CORS policy.</summary>
    public static CorsFilter? Cors(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        EquatableArray<string> origins = default, methods = default, headers = default, expose = default;
        var (credentials, maxAge) = (false, (int?)null);
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("allowOrigins"u8)) { origins = F.Strings(ref reader); }
            else if (reader.ValueTextEquals("allowMethods"u8)) { methods = F.Strings(ref reader); }
            else if (reader.ValueTextEquals("allowHeaders"u8)) { headers = F.Strings(ref reader); }
            else if (reader.ValueTextEquals("exposeHeaders"u8)) { expose = F.Strings(ref reader); }
            else if (reader.ValueTextEquals("allowCredentials"u8)) { credentials = F.Bool(ref reader); }
            else if (reader.ValueTextEquals("maxAgeSeconds"u8)) { maxAge = F.IntOrNull(ref reader); }
            else { F.Skip(ref reader); }
        }

        return new CorsFilter(origins, methods, headers, expose, credentials, maxAge);
    }

    public static IpFilterSettings? IpFilter(ref Utf8JsonReader reader)
    {
        if (!F.StartObject(ref reader))
        {
            return null;
        }

        EquatableArray<string> allow = default, deny = default, trusted = default;
        while (F.NextMember(ref reader))
        {
            if (reader.ValueTextEquals("allow"u8)) { allow = F.Strings(ref reader); }
            else if (reader.ValueTextEquals("deny"u8)) { deny = F.Strings(ref reader); }
            else if (reader.ValueTextEquals("trustedProxies"u8)) { trusted = F.Strings(ref reader); }
            else { F.Skip(ref reader); }
        }

        return new IpFilterSettings(allow, deny, trusted);
    }
}
