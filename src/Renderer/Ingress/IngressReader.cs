using System.Text.RegularExpressions;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Ingress;

/// <summary>
/// Reads an Ingress (already checked against its schema: fields, lengths, item counts, control characters in
/// names, hosts and paths) into an <see cref="IngressSource"/>. Names that become object names are held to
/// DNS-1123 (InvalidName), hosts to the Gateway API hostname rules (InvalidHostname); a backend that names a
/// resource instead of a Service is a note, not an error, since the rest of the Ingress still converts.
/// </summary>
internal static partial class IngressReader
{
    /// <summary>The ingress-nginx class annotation older Ingresses use instead of <c>spec.ingressClassName</c>.</summary>
    public const string ClassAnnotation = "kubernetes.io/ingress.class";

    public static IngressSource? Read(ManifestObject obj, FieldReader f, IngressNotes notes)
    {
        var d = f.Diagnostics;
        var before = d.ErrorCount;
        if (!Dns1123Subdomain().IsMatch(obj.Name) || obj.Name.Length > 253)
        {
            d.Error(DiagnosticCodes.InvalidName, obj.Mark, $"Ingress name '{obj.Name}' is not a DNS-1123 name (lowercase letters, digits, '-' and '.'); it names the converted routes");
        }

        var spec = f.Map(obj.Root, "spec");
        var annotations = ReadAnnotations(obj);
        var className = f.Str(spec, "ingressClassName") ?? annotations.FirstOrDefault(a => a.Key == ClassAnnotation)?.Value;
        var source = new IngressSource(obj, className, annotations, [], null, []);
        var rules = new List<IngressRule>();
        foreach (var rule in f.MapSeq(spec, "rules"))
        {
            var host = f.Str(rule, "host");
            if (host is not null && Hostnames.Validate(host, allowWildcard: true) is { } problem)
            {
                d.Error(DiagnosticCodes.InvalidHostname, rule.Get("host")?.Mark ?? rule.Mark, problem);
                continue;
            }

            var paths = new List<IngressPath>();
            foreach (var p in f.MapSeq(f.Map(rule, "http"), "paths"))
            {
                if (Backend(source, f.Map(p, "backend", required: true), f, notes) is { } backend)
                {
                    paths.Add(new IngressPath(f.Str(p, "path") ?? "/", f.Str(p, "pathType") ?? "ImplementationSpecific", backend, p.Get("path")?.Mark ?? p.Mark));
                }
            }

            rules.Add(new IngressRule(host?.ToLowerInvariant(), rule.Mark, paths));
        }

        var tls = f.MapSeq(spec, "tls").Select(t => new IngressTls([.. f.StrSeq(t, "hosts").Select(h => h.Value.ToLowerInvariant())], f.Str(t, "secretName"), t.Mark)).ToList();
        var defaultBackend = f.Map(spec, "defaultBackend") is { } db ? Backend(source, db, f, notes) : null;
        return d.ErrorCount > before ? null : source with { Rules = rules, DefaultBackend = defaultBackend, Tls = tls };
    }

    private static IngressBackend? Backend(IngressSource ingress, YamlMapping? backend, FieldReader f, IngressNotes notes)
    {
        if (backend is null)
        {
            return null;
        }

        var service = f.Map(backend, "service");
        if (service is null)
        {
            notes.NotConverted(ingress, "backend.resource", "a resource backend has no Gateway API equivalent in a route: point the path at a Service", backend.Mark);
            return null;
        }

        var name = f.Str(service, "name", required: true) ?? "";
        if (!Dns1123Label().IsMatch(name))
        {
            f.Diagnostics.Error(DiagnosticCodes.InvalidName, service.Get("name")?.Mark ?? service.Mark, $"service name '{name}' is not a DNS-1123 label (lowercase letters, digits and '-', at most 63)");
            return null;
        }

        var port = f.Map(service, "port");
        return new IngressBackend(name, (int?)f.IntInRange(port, "number", 1, 65535), f.Str(port, "name"), service.Mark);
    }

    private static List<IngressAnnotation> ReadAnnotations(ManifestObject obj)
    {
        var result = new List<IngressAnnotation>();
        if ((obj.Root.Get("metadata") as YamlMapping)?.Get("annotations") is YamlMapping map)
        {
            foreach (var (key, value) in map.Entries)
            {
                if (value is YamlScalar s)
                {
                    result.Add(new IngressAnnotation(key.Value, s.Value, key.Mark));
                }
            }
        }

        return result;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\z")]
    private static partial Regex Dns1123Label();
}
