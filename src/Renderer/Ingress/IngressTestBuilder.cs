namespace GitGateway.Renderer.Ingress;

/// <summary>
/// Routing tests from an Ingress host's entries: each host and path to the backend (or weighted split, or
/// redirect) ingress-nginx sent it to; a canary by header gets a case with the header; plain HTTP on a redirected
/// host expects the 308. Regular-expression paths get none (the converter cannot pick a request they match).
/// </summary>
internal static class IngressTestBuilder
{
    public static void Build(IReadOnlyList<IngressEntry> entries, IReadOnlyList<string> hostnames, bool redirectHttp, IngressConversion result)
    {
        foreach (var e in entries.Where(e => e.MatchType != "RegularExpression"))
        {
            var host = TestHost(e.Host, hostnames);
            var path = e.GrpcMethod is { } m ? $"/{(m.Service.Length == 0 ? "grpc.health.v1.Health" : m.Service)}/{m.Method ?? "Check"}" : e.MatchValue;
            // Plain HTTP unless the host is redirected to HTTPS or speaks gRPC (which rides on HTTPS listeners).
            var scheme = redirectHttp || e.GrpcMethod is not null ? null : "http";
            var name = $"{e.Ingress.Name}: {host}{path}";
            if (e.Annotations.Redirect is { } url)
            {
                Add(result, e, new IngressTestCase($"{name} redirects", host, path, scheme, [], null, null, e.Annotations.RedirectCode, url));
                continue;
            }

            if (redirectHttp)
            {
                Add(result, e, new IngressTestCase($"{name} over plain HTTP redirects to HTTPS", host, path, "http", [], null, null, 308, $"https://{host}{path}"));
            }

            var (canaryIngress, ca, canary) = e.Canaries.Count == 1 ? e.Canaries[0] : default;
            if (ca is not null && IngressRouteBuilder.CanaryHeader(ca) is { Type: "Exact" } h)
            {
                Add(result, e, new IngressTestCase($"{name} with {h.Name}: {h.Value} reaches the canary", host, path, scheme, [new(h.Name, h.Value)], Backend(canaryIngress!, canary!), null, null, null));
            }

            if (ca?.CanaryWeight is > 0 and var w)
            {
                Add(result, e, new IngressTestCase($"{name} splits {ca.CanaryWeightTotal - w}/{w}", host, path, scheme, [], null,
                    [new(Backend(e.Ingress, e.Backend), ca.CanaryWeightTotal - w), new(Backend(canaryIngress!, canary!), w)], null, null));
                continue;
            }

            Add(result, e, new IngressTestCase(name, host, path, scheme, [], Backend(e.Ingress, e.Backend), null, null, null));
        }
    }

    private static void Add(IngressConversion result, IngressEntry e, IngressTestCase test) => result.Tests.Add((e.Ingress, test));

    private static string Backend(IngressSource ingress, IngressBackend b) => $"{ingress.Namespace}/{b.Service}:{b.Port}";

    // A wildcard host stands for any name under it; a rule without host for the team's first hostname.
    private static string TestHost(string? host, IReadOnlyList<string> hostnames)
    {
        var h = host ?? hostnames.FirstOrDefault() ?? "example.com";
        return h.StartsWith("*.", StringComparison.Ordinal) ? "ingress-test" + h[1..] : h;
    }
}
