using GitGateway.Plan.Model;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Ingress;

/// <summary>
/// Reads the ingress-nginx annotations the conversion knows (https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/)
/// and lists every other annotation with the reason it is not converted: nothing is dropped silently. A value that
/// does not parse, or that holds a control character, is not converted either, with the reason.
/// </summary>
internal static class NginxAnnotationReader
{
    public const string Prefix = "nginx.ingress.kubernetes.io/";

    private static readonly string[] CorsDefaults =
        ["*", "GET, PUT, POST, DELETE, PATCH, OPTIONS", "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization"];

    public static NginxAnnotations Read(IngressSource ingress, IngressNotes notes)
    {
        var result = new NginxAnnotations();
        var marks = new Dictionary<string, SourceMark>(StringComparer.Ordinal);
        var values = new Dictionary<string, IngressAnnotation>(StringComparer.Ordinal);
        foreach (var a in ingress.Annotations)
        {
            if (!a.Key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                Foreign(ingress, a, notes);
                continue;
            }

            var key = a.Key[Prefix.Length..];
            if (WireGrammar.FirstControl(a.Value, allowLineBreaks: false) >= 0 && Known(key))
            {
                notes.NotConverted(ingress, a.Key, "the value holds a control character (CR, LF, NUL, …); it may not reach a request", a.Mark);
                continue;
            }

            if (!Known(key))
            {
                notes.NotConverted(ingress, a.Key, UnknownReason(key), a.Mark);
                continue;
            }

            values[key] = a;
            marks[key] = a.Mark;
        }

        var reader = new ValueReader(ingress, values, notes);
        result = result with
        {
            RewriteTarget = values.GetValueOrDefault("rewrite-target"),
            UseRegex = reader.Bool("use-regex") ?? false,
            SslRedirect = reader.Bool("ssl-redirect"),
            ForceSslRedirect = reader.Bool("force-ssl-redirect") ?? false,
            Grpc = BackendProtocol(reader, values, ingress, notes),
            Canary = reader.Bool("canary") ?? false,
            CanaryWeightTotal = reader.Int("canary-weight-total", 1, 1_000_000) ?? 100,
            CanaryHeader = reader.HeaderName("canary-by-header"),
            CanaryHeaderValue = values.GetValueOrDefault("canary-by-header-value")?.Value,
            CanaryHeaderPattern = values.GetValueOrDefault("canary-by-header-pattern")?.Value,
            LimitRps = reader.Int("limit-rps", 1, 1_000_000),
            BurstMultiplier = reader.Int("limit-burst-multiplier", 1, 1000) ?? 5,
            BackendTimeoutSeconds = Max(reader.Int("proxy-read-timeout", 1, 86_400), reader.Int("proxy-send-timeout", 1, 86_400)),
            AllowRanges = reader.Cidrs("whitelist-source-range").Concat(reader.Cidrs("allowlist-source-range")).ToList(),
            DenyRanges = reader.Cidrs("denylist-source-range"),
            Marks = marks,
        };
        result = result with { CanaryWeight = reader.Int("canary-weight", 0, result.CanaryWeightTotal) };
        result = result with { CanaryMark = result.Canary ? marks["canary"] : null };
        if (reader.Bool("enable-cors") == true)
        {
            result = result with { Cors = Cors(reader, values) };
        }

        return Redirect(result, reader, values);
    }

    private static NginxAnnotations Redirect(NginxAnnotations result, ValueReader reader, Dictionary<string, IngressAnnotation> values)
    {
        var (key, code) = values.ContainsKey("permanent-redirect") ? ("permanent-redirect", reader.Code("permanent-redirect-code") ?? 301)
            : values.ContainsKey("temporal-redirect") ? ("temporal-redirect", reader.Code("temporal-redirect-code") ?? 302)
            : (null, 0);
        if (key is null)
        {
            return result;
        }

        var url = values[key].Value;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            reader.Reject(key, "the value is not an absolute http:// or https:// URL");
            return result;
        }

        return result with { Redirect = url, RedirectCode = code };
    }

    private static bool BackendProtocol(ValueReader reader, Dictionary<string, IngressAnnotation> values, IngressSource ingress, IngressNotes notes)
    {
        if (values.GetValueOrDefault("backend-protocol") is not { } a)
        {
            return false;
        }

        switch (a.Value.ToUpperInvariant())
        {
            case "HTTP":
                return false;
            case "GRPC":
                notes.Explained(ingress, a.Key, "converted to GRPCRoutes: a path '/' serves every method, '/<package.Service>' one service, an Exact '/<package.Service>/<Method>' one method", a.Mark);
                return true;
            default:
                reader.Reject("backend-protocol", $"{a.Value} needs TLS or another protocol towards the backend, which a route cannot ask for: the proxy speaks HTTP and gRPC (h2c) to backends");
                return false;
        }
    }

    private static CorsSettings Cors(ValueReader reader, Dictionary<string, IngressAnnotation> values)
    {
        IReadOnlyList<string> List(string key, string fallback) =>
            (values.GetValueOrDefault(key)?.Value ?? fallback).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new CorsSettings(
            List("cors-allow-origin", CorsDefaults[0]),
            List("cors-allow-methods", CorsDefaults[1]),
            List("cors-allow-headers", CorsDefaults[2]),
            List("cors-expose-headers", ""),
            reader.Bool("cors-allow-credentials") ?? true,
            reader.Int("cors-max-age", 0, int.MaxValue) ?? 1_728_000);
    }

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static void Foreign(IngressSource ingress, IngressAnnotation a, IngressNotes notes)
    {
        if (a.Key == IngressReader.ClassAnnotation)
        {
            notes.Explained(ingress, a.Key, "read as the Ingress's class; a route has no class (it names its Gateway)", a.Mark);
        }
        else if (a.Key == "kubectl.kubernetes.io/last-applied-configuration")
        {
            notes.Explained(ingress, a.Key, "kubectl's record of the last apply, not routing: left out", a.Mark);
        }
        else
        {
            notes.NotConverted(ingress, a.Key, "not an ingress-nginx annotation; the converter reads nginx.ingress.kubernetes.io/* only: carry it over by hand if it still matters", a.Mark);
        }
    }

    private static bool Known(string key) => key is "rewrite-target" or "use-regex" or "ssl-redirect" or "force-ssl-redirect" or "backend-protocol"
        or "canary" or "canary-weight" or "canary-weight-total" or "canary-by-header" or "canary-by-header-value" or "canary-by-header-pattern"
        or "enable-cors" or "cors-allow-origin" or "cors-allow-methods" or "cors-allow-headers" or "cors-expose-headers" or "cors-allow-credentials" or "cors-max-age"
        or "whitelist-source-range" or "allowlist-source-range" or "denylist-source-range" or "limit-rps" or "limit-burst-multiplier"
        or "proxy-read-timeout" or "proxy-send-timeout" or "permanent-redirect" or "permanent-redirect-code" or "temporal-redirect" or "temporal-redirect-code";

    private static string UnknownReason(string key) => key switch
    {
        _ when key.EndsWith("-snippet", StringComparison.Ordinal) || key == "server-snippets" =>
            "raw nginx configuration has no equivalent outside nginx: express what it does as route filters or a ProxyPolicy by hand",
        _ when key.StartsWith("auth-", StringComparison.Ordinal) =>
            "external and basic authentication are not offered: use a JWT ProxyPolicy, or authenticate in the service",
        _ when key == "affinity" || key.StartsWith("session-cookie", StringComparison.Ordinal) || key == "affinity-mode" =>
            "sticky sessions are not offered by the proxy: requests are balanced by weight",
        "proxy-body-size" or "client-body-buffer-size" => "body size limits are the node's (Kestrel limits, src/Proxy/README.md), not a route's",
        "canary-by-cookie" => "a canary by cookie needs a cookie match, which Gateway API does not have: use canary-by-header",
        "limit-rpm" or "limit-connections" => "the RateLimit policy counts requests per second per client: use limit-rps",
        "proxy-connect-timeout" => "the connect timeout is the node's, not a route's",
        "app-root" => "app-root redirects only '/': write a RequestRedirect rule with an Exact '/' match by hand",
        "upstream-vhost" => "write a RequestHeaderModifier filter setting Host by hand",
        _ => "no GitGateway equivalent is known to the converter: check what it does and carry it over by hand",
    };
}
