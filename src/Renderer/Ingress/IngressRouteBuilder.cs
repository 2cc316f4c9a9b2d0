using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Ingress;

/// <summary>
/// Builds the routes of one Ingress host: rules from its entries (a canary by header first, then the weighted
/// split), attached to every Gateway, or, when ingress-nginx would redirect plain HTTP (ssl-redirect on a TLS host,
/// force-ssl-redirect), to the HTTPS listeners with a second route answering 308 on the HTTP listeners.
/// </summary>
internal static class IngressRouteBuilder
{
    public static void Build(IReadOnlyList<IngressEntry> entries, IngressContext context, IngressConversion result)
    {
        var first = entries[0];
        var (ingress, a, host) = (first.Ingress, first.Annotations, first.Host);
        var kind = a.Grpc ? "GRPCRoute" : "HTTPRoute";
        var t = new YamlTree(ingress.Mark);
        var hostnames = host is null ? context.TeamHostnames : [host];
        var redirectHttp = a.Redirect is null && (a.ForceSslRedirect || (a.SslRedirect ?? ingress.Tls.Any(x => x.Hosts.Contains(host ?? ""))));
        var https = context.Parents.Where(p => p.HttpsSections.Count > 0).ToList();
        if (redirectHttp && (https.Count == 0 || context.Parents.All(p => p.HttpSections.Count == 0)))
        {
            result.Notes.NotConverted(ingress, NginxAnnotationReader.Prefix + "ssl-redirect", "the redirect of plain HTTP to HTTPS needs an HTTP and an HTTPS listener on the Gateways, "
                + "which they do not have: the route serves both schemes; see the listener requests", a.MarkOf(ingress.Mark, "ssl-redirect", "force-ssl-redirect"));
            redirectHttp = false;
        }

        var parents = redirectHttp
            ? https.SelectMany(p => p.HttpsSections.Select(s => ParentRef(t, p, s.Name)))
            : context.Parents.Select(p => ParentRef(t, p, null));
        var rules = entries.SelectMany(e => Rules(e, t.At(e.Mark), result.Notes)).ToList();
        var baseName = IngressNames.Route(ingress.Name, host);
        for (var chunk = 0; chunk * RouteReader.MaxRules < rules.Count; chunk++)
        {
            var name = chunk == 0 ? baseName : IngressNames.With(baseName, $"-{chunk + 1}");
            var spec = t.Map(("parentRefs", t.Seq(parents)), ("hostnames", hostnames.Count == 0 ? null : t.Strs(hostnames)), ("rules", t.Seq(rules.Skip(chunk * RouteReader.MaxRules).Take(RouteReader.MaxRules))));
            result.Documents.Add(Document(t, "gateway.networking.k8s.io/v1", kind, ingress, name, spec));
            IngressPolicyBuilder.Build(ingress, a, kind, name, result);
        }

        if (redirectHttp)
        {
            var name = IngressNames.With(baseName, "-redirect");
            var redirect = t.Map(("type", t.Str("RequestRedirect")), ("requestRedirect", t.Map(("scheme", t.Str("https")), ("statusCode", t.Num(308)))));
            var matches = entries.Select(e => t.At(e.Mark).Map(("matches", t.At(e.Mark).Seq([PathMatch(t.At(e.Mark), e)])), ("filters", t.Seq([redirect]))));
            var spec = t.Map(("parentRefs", t.Seq(context.Parents.SelectMany(p => p.HttpSections.Select(s => ParentRef(t, p, s))))),
                ("hostnames", hostnames.Count == 0 ? null : t.Strs(hostnames)), ("rules", t.Seq(matches.Take(RouteReader.MaxRules))));
            result.Documents.Add(Document(t, "gateway.networking.k8s.io/v1", "HTTPRoute", ingress, name, spec));
        }

        IngressTestBuilder.Build(entries, hostnames, redirectHttp, result);
    }

    public static IngressDocument Document(YamlTree t, string apiVersion, string kind, IngressSource ingress, string name, YamlMapping spec)
    {
        var root = t.Map(("apiVersion", t.Str(apiVersion)), ("kind", t.Str(kind)),
            ("metadata", t.Map(("name", t.Str(name)), ("namespace", t.Str(ingress.Namespace)))), ("spec", spec));
        return new IngressDocument(apiVersion, kind, ingress.Namespace, name, root, ingress);
    }

    private static YamlMapping ParentRef(YamlTree t, IngressParent p, string? section) =>
        t.Map(("name", t.Str(p.Name)), ("namespace", t.Str(p.Namespace)), ("sectionName", section is null ? null : t.Str(section)));

    private static IEnumerable<YamlMapping> Rules(IngressEntry e, YamlTree t, IngressNotes notes)
    {
        if (e.Annotations.Redirect is { } url)
        {
            yield return t.Map(("matches", Match(t, e, null) is { } m ? t.Seq([m]) : null), ("filters", t.Seq([Redirect(t, e, new Uri(url), notes)])));
            yield break;
        }

        var filters = e.Rewrite is { } rw && e.GrpcMethod is null
            ? t.Seq([t.At(rw.Mark).Map(("type", t.Str("URLRewrite")), ("urlRewrite", t.At(rw.Mark).Map(("path", t.At(rw.Mark).Map(("type", t.Str(rw.Type)),
                (rw.Type == "ReplaceFullPath" ? "replaceFullPath" : "replacePrefixMatch", t.At(rw.Mark).Str(rw.Value)))))))])
            : null;
        if (e.Rewrite is not null && e.GrpcMethod is not null)
        {
            notes.NotConverted(e.Ingress, NginxAnnotationReader.Prefix + "rewrite-target", "a GRPCRoute cannot rewrite the path (it names the gRPC method)", e.Rewrite.Value.Mark);
        }

        if (e.Canaries.Count == 1)
        {
            var (canary, ca, backend) = e.Canaries[0];
            var header = CanaryHeader(ca);
            if (header is { } h)
            {
                yield return Rule(t.At(ca.CanaryMark ?? canary.Mark), e, h, filters, [(backend, null)]);
                if (ca.CanaryHeaderValue is null && ca.CanaryHeaderPattern is null && ca.CanaryWeight > 0)
                {
                    yield return Rule(t, e, ("Exact", h.Name, "never"), filters, [(e.Backend, null)]);
                }
            }

            if (ca.CanaryWeight is > 0 and var w)
            {
                yield return Rule(t, e, null, filters, [(e.Backend, ca.CanaryWeightTotal - w), (backend, w)]);
                yield break;
            }
        }

        yield return Rule(t, e, null, filters, [(e.Backend, null)]);
    }

    public static (string Type, string Name, string Value)? CanaryHeader(NginxAnnotations ca) => ca.CanaryHeader is not { } name ? null
        : ca.CanaryHeaderValue is { } value ? ("Exact", name, value)
        : ca.CanaryHeaderPattern is { } pattern ? ("RegularExpression", name, pattern)
        : ("Exact", name, "always");

    private static YamlMapping Rule(YamlTree t, IngressEntry e, (string Type, string Name, string Value)? header, YamlSequence? filters, IReadOnlyList<(IngressBackend B, int? Weight)> backends)
    {
        var refs = backends.Select(b => t.At(b.B.Mark).Map(("name", t.Str(b.B.Service)), ("port", t.Num(b.B.Port!.Value)), ("weight", b.Weight is { } w ? t.Num(w) : null)));
        var match = Match(t, e, header);
        return t.Map(("matches", match is null ? null : t.Seq([match])), ("filters", filters), ("backendRefs", t.Seq(refs)));
    }

    private static YamlMapping? Match(YamlTree t, IngressEntry e, (string Type, string Name, string Value)? header)
    {
        var headers = header is { } h ? t.Seq([t.Map(("type", t.Str(h.Type)), ("name", t.Str(h.Name)), ("value", t.Str(h.Value)))]) : null;
        if (e.GrpcMethod is { } m)
        {
            var method = m.Service.Length == 0 ? null : t.Map(("service", t.Str(m.Service)), ("method", m.Method is null ? null : t.Str(m.Method)));
            return method is null && headers is null ? null : t.Map(("method", method), ("headers", headers));
        }

        return t.Map(("path", t.Map(("type", t.Str(e.MatchType)), ("value", t.Str(e.MatchValue)))), ("headers", headers));
    }

    private static YamlMapping PathMatch(YamlTree t, IngressEntry e) =>
        t.Map(("path", t.Map(("type", t.Str(e.MatchType)), ("value", t.Str(e.MatchValue)))));

    private static YamlMapping Redirect(YamlTree t, IngressEntry e, Uri url, IngressNotes notes)
    {
        var at = t.At(e.Annotations.MarkOf(e.Ingress.Mark, "permanent-redirect", "temporal-redirect"));
        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            notes.Approximated(e.Ingress, "redirect", $"the query or fragment of '{url}' is not part of a RequestRedirect: the redirect keeps the request's own query", at.Mark);
        }

        return at.Map(("type", at.Str("RequestRedirect")), ("requestRedirect", at.Map(
            ("scheme", at.Str(url.Scheme)), ("hostname", at.Str(url.IdnHost)), ("port", url.IsDefaultPort ? null : at.Num(url.Port)),
            ("path", at.Map(("type", at.Str("ReplaceFullPath")), ("replaceFullPath", at.Str(url.AbsolutePath)))),
            ("statusCode", at.Num(e.Annotations.RedirectCode)))));
    }
}
