using System.Net;
using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>Reads ProxyPolicy objects (CRDS.md); NovaEdge's ProxyGateway/ProxyRoute target kinds are accepted.</summary>
internal static class PolicyReader
{
    private const int MinRetryCode = 400;
    private const int MaxRetryCode = 599;

    private static readonly HashSet<string> TargetKinds = new(StringComparer.Ordinal) { "Gateway", "HTTPRoute", "GRPCRoute", "ProxyGateway", "ProxyRoute" };

    /// <summary>Reads <paramref name="obj"/>; null when unusable.</summary>
    public static PolicyObject? Read(ManifestObject obj, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(f);
        var spec = f.Map(obj.Root, "spec", required: true);
        var before = f.Diagnostics.ErrorCount;
        var targetMap = f.Map(spec, "targetRef", required: true);
        var target = targetMap is null ? null : RefReader.Read(targetMap, f, KnownKinds.GatewayGroup, "HTTPRoute");
        if (target is not null && !TargetKinds.Contains(target.Kind))
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidField, target.Mark, $"targetRef kind '{target.Kind}' must be Gateway, HTTPRoute, GRPCRoute, ProxyGateway or ProxyRoute");
        }

        var typeText = f.Str(spec, "type", required: true);
        if (!Enum.TryParse<PolicyType>(typeText, ignoreCase: false, out var type) || int.TryParse(typeText, out _))
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidField, spec?.Get("type")?.Mark ?? obj.Mark, $"policy type '{typeText}' must be RateLimit, JWT, WAF, CORS, IPFilter, Timeout or Retry");
            return null;
        }

        var applied = new AppliedPolicy($"proxypolicy/{obj.Namespace}/{obj.Name}", type, PolicyOrigin.Route, f.Bool(spec, "enforced") ?? false, obj.Mark);
        RouteTimeouts? timeouts = null;
        RetryPolicy? retry = null;
        switch (type)
        {
            case PolicyType.RateLimit:
                var rl = f.Map(spec, "rateLimit", true);
                applied = applied with { RateLimit = new RateLimitSettings((int)(f.IntInRange(rl, "requestsPerSecond", 1, 1_000_000, true) ?? 1), (int)(f.IntInRange(rl, "burst", 0, 10_000_000) ?? 0), Key(f.Str(rl, "key") ?? "source-ip", rl, f)) };
                break;
            case PolicyType.JWT:
                var jwt = f.Map(spec, "jwt", true);
                applied = applied with { Jwt = new JwtSettings(f.Str(jwt, "issuer", true) ?? "", f.StrSeq(jwt, "audience").Select(s => s.Value).ToEquatableArray(), f.Str(jwt, "jwksUri", true) ?? "", f.StrMap(jwt, "forwardClaims").Select(kv => new HeaderValue(kv.Key, kv.Value)).ToEquatableArray()) };
                break;
            case PolicyType.WAF:
                var waf = f.Map(spec, "waf", true);
                applied = applied with { Waf = new WafSettings(f.Bool(waf, "enabled") ?? true, f.Str(waf, "mode") ?? "detection", (int)(f.IntInRange(waf, "paranoiaLevel", 1, 4) ?? 1), (int)(f.IntInRange(waf, "anomalyThreshold", 1, 1000) ?? 5)) };
                break;
            case PolicyType.CORS:
                applied = applied with { Cors = CorsReader.Read(f.Map(spec, "cors", true), f) };
                break;
            case PolicyType.IPFilter:
                var ipf = f.Map(spec, "ipFilter", true);
                applied = applied with { IpFilter = new IpFilterSettings(Cidrs(ipf, "allow", f), Cidrs(ipf, "deny", f), Cidrs(ipf, "trustedProxies", f)) };
                break;
            case PolicyType.Timeout:
                var t = f.Map(spec, "timeout", true);
                timeouts = t is null ? null : new RouteTimeouts(RouteReader.Duration(t, "request", f), RouteReader.Duration(t, "backendRequest", f));
                break;
            case PolicyType.Retry:
                retry = Retry(f.Map(spec, "retry", true), f);
                break;
        }

        return target is null || f.Diagnostics.ErrorCount > before ? null : new PolicyObject(obj, target, applied, timeouts, retry);
    }

    private static string Key(string key, YamlMapping? at, FieldReader f)
    {
        if (key != "source-ip" && !key.StartsWith("header:", StringComparison.Ordinal) && !key.StartsWith("jwt-claim:", StringComparison.Ordinal))
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidField, at?.Get("key")?.Mark ?? new SourceMark("", 1, 1), $"rate limit key '{key}' must be source-ip, header:<name> or jwt-claim:<name>");
        }

        return key;
    }

    private static EquatableArray<string> Cidrs(YamlMapping? map, string key, FieldReader f)
    {
        var list = new List<string>();
        foreach (var s in f.StrSeq(map, key))
        {
            if (IPNetwork.TryParse(s.Value, out var net))
            {
                list.Add(net.ToString());
            }
            else
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidField, s.Mark, $"'{s.Value}' is not a CIDR (e.g. 10.0.0.0/8) with no bits set past the prefix");
            }
        }

        return list.Order(StringComparer.Ordinal).ToEquatableArray();
    }

    private static RetryPolicy? Retry(YamlMapping? map, FieldReader f)
    {
        if (map is null)
        {
            return null;
        }

        // One flag per status code 400-599, listed in ascending order at the end: what a sorted set of the codes gave,
        // without the framework's sorted tree over int, which is JIT-compiled at start (about 40 methods).
        var codes = new bool[MaxRetryCode - MinRetryCode + 1];
        var connect = false;
        foreach (var s in f.StrSeq(map, "retryOn"))
        {
            if (s.Value is "connect-failure" or "reset")
            {
                connect = true;
            }
            else if (s.Value == "5xx")
            {
                codes.AsSpan(500 - MinRetryCode, 100).Fill(true);
            }
            else if (s.Value == "gateway-error")
            {
                codes[502 - MinRetryCode] = codes[503 - MinRetryCode] = codes[504 - MinRetryCode] = true;
            }
            else if (int.TryParse(s.Value, out var code) && code is >= MinRetryCode and <= MaxRetryCode)
            {
                codes[code - MinRetryCode] = true;
            }
            else
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidField, s.Mark, $"retryOn '{s.Value}' must be 5xx, gateway-error, connect-failure, reset or a status code 400-599");
            }
        }

        return new RetryPolicy((int)(f.IntInRange(map, "attempts", 0, 100) ?? 1), Listed(codes), connect,
            RouteReader.Duration(map, "backoff", f) ?? 0, RouteReader.Duration(map, "perTryTimeout", f));
    }

    private static EquatableArray<int> Listed(bool[] codes)
    {
        var listed = new List<int>();
        for (var i = 0; i < codes.Length; i++)
        {
            if (codes[i])
            {
                listed.Add(MinRetryCode + i);
            }
        }

        return listed.ToEquatableArray();
    }
}
