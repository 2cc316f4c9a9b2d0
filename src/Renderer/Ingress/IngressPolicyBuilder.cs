namespace GitGateway.Renderer.Ingress;

/// <summary>
/// ProxyPolicies for the annotations whose home is a policy on the route: CORS (enable-cors and siblings), IPFilter
/// (whitelist-source-range, denylist-source-range), RateLimit (limit-rps × limit-burst-multiplier per client address)
/// and Timeout (proxy-read-timeout, proxy-send-timeout).
/// </summary>
internal static class IngressPolicyBuilder
{
    private const string ApiVersion = "gitgateway.dev/v1alpha1";

    public static void Build(IngressSource ingress, NginxAnnotations a, string routeKind, string route, IngressConversion result)
    {
        if (a.Cors is { } cors)
        {
            var t = new YamlTree(a.MarkOf(ingress.Mark, "enable-cors"));
            Add(t, ingress, routeKind, route, "cors", "CORS", ("cors", t.Map(
                ("allowOrigins", t.Strs(cors.Origins)), ("allowMethods", t.Strs(cors.Methods)), ("allowHeaders", t.Strs(cors.Headers)),
                ("exposeHeaders", cors.ExposeHeaders.Count == 0 ? null : t.Strs(cors.ExposeHeaders)),
                ("allowCredentials", t.Bool(cors.Credentials)), ("maxAge", t.Num(cors.MaxAge)))), result);
        }

        if (a.AllowRanges.Count + a.DenyRanges.Count > 0)
        {
            var t = new YamlTree(a.MarkOf(ingress.Mark, "whitelist-source-range", "allowlist-source-range", "denylist-source-range"));
            Add(t, ingress, routeKind, route, "ip-filter", "IPFilter", ("ipFilter", t.Map(
                ("allow", a.AllowRanges.Count == 0 ? null : t.Strs(a.AllowRanges)), ("deny", a.DenyRanges.Count == 0 ? null : t.Strs(a.DenyRanges)))), result);
        }

        if (a.LimitRps is { } rps)
        {
            var t = new YamlTree(a.MarkOf(ingress.Mark, "limit-rps"));
            Add(t, ingress, routeKind, route, "rate-limit", "RateLimit", ("rateLimit", t.Map(
                ("requestsPerSecond", t.Num(rps)), ("burst", t.Num((long)rps * a.BurstMultiplier)), ("key", t.Str("source-ip")))), result);
        }

        if (a.BackendTimeoutSeconds is { } seconds)
        {
            var t = new YamlTree(a.MarkOf(ingress.Mark, "proxy-read-timeout", "proxy-send-timeout"));
            Add(t, ingress, routeKind, route, "timeout", "Timeout", ("timeout", t.Map(("backendRequest", t.Str($"{seconds}s")))), result);
            result.Notes.Approximated(ingress, NginxAnnotationReader.Prefix + "proxy-read-timeout", $"nginx's timeouts bound the wait between two reads or writes; "
                + $"the Timeout policy bounds the whole backend request to {seconds}s, so a response that streams for longer is cut", t.Mark);
        }
    }

    private static void Add(YamlTree t, IngressSource ingress, string routeKind, string route, string suffix, string type, (string Key, Manifests.YamlNode Value) settings, IngressConversion result)
    {
        var spec = t.Map(("type", t.Str(type)),
            ("targetRef", t.Map(("group", t.Str("gateway.networking.k8s.io")), ("kind", t.Str(routeKind)), ("name", t.Str(route)))),
            (settings.Key, settings.Value));
        result.Documents.Add(IngressRouteBuilder.Document(t, ApiVersion, "ProxyPolicy", ingress, IngressNames.With(route, "-" + suffix), spec));
    }
}
