using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Ingress;

/// <summary>
/// Converts Ingresses into HTTPRoutes or GRPCRoutes (one per Ingress and host, so a host's paths never reach
/// another host), ProxyPolicies on those routes, routing tests and listener requests. The one conversion both
/// <c>gitgateway import ingress</c> and the renderer (Ingresses served during a move) use.
/// </summary>
internal static class IngressConverter
{
    /// <summary>Converts <paramref name="ingresses"/> into <paramref name="result"/> (whose notes may already hold the reader's).</summary>
    public static void Convert(IReadOnlyList<IngressSource> ingresses, IngressContext context, IngressConversion result)
    {
        var read = ingresses.Select(i => (Ingress: i, Annotations: NginxAnnotationReader.Read(i, result.Notes))).ToList();
        var entries = new List<IngressEntry>();
        foreach (var (ingress, annotations) in read.Where(r => !r.Annotations.Canary))
        {
            entries.AddRange(Entries(ingress, annotations, result.Notes));
        }

        foreach (var (ingress, annotations) in read.Where(r => r.Annotations.Canary))
        {
            AttachCanary(ingress, annotations, entries, result.Notes);
        }

        foreach (var group in entries.GroupBy(e => (e.Ingress.Namespace, e.Ingress.Name, e.Host)))
        {
            IngressRouteBuilder.Build([.. group], context, result);
        }

        foreach (var (ingress, _) in read.Where(r => !r.Annotations.Canary))
        {
            ListenerRequests(ingress, context, result);
        }
    }

    private static List<IngressEntry> Entries(IngressSource ingress, NginxAnnotations a, IngressNotes notes)
    {
        var entries = new List<IngressEntry>();
        foreach (var rule in ingress.Rules)
        {
            if (rule.Host is null)
            {
                notes.Explained(ingress, "host", "a rule without host serves every host in ingress-nginx; the route serves the team's hostnames (a team route must name them)", rule.Mark);
            }

            foreach (var path in rule.Paths)
            {
                if (Entry(ingress, a, rule.Host, path, notes) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }

        if (ingress.DefaultBackend is { } fallback)
        {
            var hosts = ingress.Rules.Count == 0 ? [null] : ingress.Rules.Select(r => r.Host).Distinct().ToList();
            foreach (var host in hosts.Where(h => !entries.Any(e => e.Host == h && e.MatchType == "PathPrefix" && e.MatchValue == "/")))
            {
                var path = new IngressPath("/", "Prefix", fallback, fallback.Mark);
                if (Entry(ingress, a, host, path, notes) is { } entry)
                {
                    notes.Explained(ingress, "defaultBackend", $"the default backend serves the paths no rule matches: converted to PathPrefix '/' on {host ?? "the team's hostnames"}", fallback.Mark);
                    entries.Add(entry);
                }
            }
        }

        return entries;
    }

    private static IngressEntry? Entry(IngressSource ingress, NginxAnnotations a, string? host, IngressPath path, IngressNotes notes)
    {
        if (path.Backend.Port is null)
        {
            notes.NotConverted(ingress, "backend.service.port", $"port '{path.Backend.PortName}' of service {path.Backend.Service} is named; a route needs the port number: "
                + "write the number in the Ingress and convert again (this path is not converted)", path.Backend.Mark);
            return null;
        }

        if (IngressPathMatcher.Match(ingress, a, path, notes) is not { } match)
        {
            return null;
        }

        (string, string?)? method = null;
        if (a.Grpc && (method = GrpcMethod(match.Type, match.Value)) is null)
        {
            notes.NotConverted(ingress, "path", $"'{path.Path}' is not '/', '/<package.Service>' or an Exact '/<package.Service>/<Method>', so it names no gRPC method: this path is not converted", path.Mark);
            return null;
        }

        return new IngressEntry(ingress, a, host, match.Type, match.Value, method, match.Rewrite, path.Backend, path.Mark);
    }

    // ("", null) stands for every method: the rule gets no match.
    private static (string, string?)? GrpcMethod(string type, string path)
    {
        var parts = path.Trim('/').Split('/');
        return (type, parts.Length) switch
        {
            ("PathPrefix", _) when path.Trim('/').Length == 0 => ("", null),
            ("PathPrefix", 1) => (parts[0], null),
            (not "RegularExpression", 2) => (parts[0], parts[1]),
            _ => null,
        };
    }

    private static void AttachCanary(IngressSource canary, NginxAnnotations a, List<IngressEntry> entries, IngressNotes notes)
    {
        var quiet = new IngressNotes();
        foreach (var rule in canary.Rules)
        {
            foreach (var path in rule.Paths)
            {
                var match = IngressPathMatcher.Match(canary, a, path, quiet);
                var primary = entries.FirstOrDefault(e => e.Ingress.Namespace == canary.Namespace && e.Host == rule.Host && e.MatchType == match?.Type && e.MatchValue == match?.Value);
                if (primary is null || path.Backend.Port is null)
                {
                    notes.NotConverted(canary, NginxAnnotationReader.Prefix + "canary", $"no Ingress without the canary annotation serves {rule.Host ?? "every host"} '{path.Path}' "
                        + "(or the canary names its port): ingress-nginx serves a canary only next to such an Ingress; this path is not converted", path.Mark);
                    continue;
                }

                if (primary.Canaries.Count > 0)
                {
                    notes.NotConverted(canary, NginxAnnotationReader.Prefix + "canary", $"{primary.Canaries[0].Ingress.Namespace}/{primary.Canaries[0].Ingress.Name} is already the canary of {rule.Host} '{path.Path}'; ingress-nginx uses one canary per path", path.Mark);
                    continue;
                }

                primary.Canaries.Add((canary, a, path.Backend));
            }
        }
    }

    private static void ListenerRequests(IngressSource ingress, IngressContext context, IngressConversion result)
    {
        foreach (var tls in ingress.Tls)
        {
            foreach (var host in tls.Hosts)
            {
                var covered = context.Parents.SelectMany(p => p.HttpsSections.Select(s => (p, s)))
                    .FirstOrDefault(x => x.s.Hostname is null || Hostnames.IsWithin(host, x.s.Hostname));
                result.ListenerRequests.Add(new IngressListenerRequest(host, ingress.Namespace, tls.SecretName, $"{ingress.Namespace}/{ingress.Name}",
                    covered.p is null ? null : $"{covered.p.Namespace}/{covered.p.Name}/{covered.s.Name}"));
            }
        }
    }
}
