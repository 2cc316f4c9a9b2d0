using System.Text;
using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Ingress;

/// <summary>
/// Lays a conversion out in a team's folder: <c>routes/ingress-&lt;ns&gt;.&lt;name&gt;.yaml</c>, <c>policies/…</c>,
/// <c>tests/…</c> (a RoutingTest per Ingress), and <c>ingress-import.md</c>, the report for the pull request:
/// listener requests for the platform and every note.
/// </summary>
internal static class IngressImportFiles
{
    public static List<ImportedFile> Build(string teamDir, IReadOnlyList<IngressSource> sources, IngressConversion conversion)
    {
        var files = new List<ImportedFile>();
        foreach (var ingress in sources)
        {
            var file = IngressNames.File(ingress.Namespace, ingress.Name);
            var docs = conversion.Documents.Where(d => ReferenceEquals(d.From, ingress)).ToList();
            var comment = $"Converted from Ingress {ingress.Namespace}/{ingress.Name} ({ingress.Mark.File}:{ingress.Mark.Line}) by gitgateway import ingress";
            AddDocs(files, $"{teamDir}/routes/{file}", comment, docs.Where(d => d.Kind != "ProxyPolicy").ToList());
            AddDocs(files, $"{teamDir}/policies/{file}", comment, docs.Where(d => d.Kind == "ProxyPolicy").ToList());
            var tests = conversion.Tests.Where(t => ReferenceEquals(t.From, ingress)).Select(t => t.Test).ToList();
            if (tests.Count > 0)
            {
                var test = TestDocument(ingress, tests);
                files.Add(new ImportedFile($"{teamDir}/tests/{file}", IngressYamlWriter.Write([(comment + ": each host and path to the backend it served", test)]), [$"RoutingTest/{IngressNames.With("ingress-" + ingress.Name, "")}"]));
            }
        }

        files.Add(new ImportedFile($"{teamDir}/ingress-import.md", Report(sources, conversion), []));
        return files;
    }

    private static void AddDocs(List<ImportedFile> files, string path, string comment, List<IngressDocument> docs)
    {
        if (docs.Count > 0)
        {
            files.Add(new ImportedFile(path, IngressYamlWriter.Write(docs.Select(d => (comment, d.Root))), [.. docs.Select(d => $"{d.Kind}/{d.Namespace}/{d.Name}")]));
        }
    }

    private static Manifests.YamlMapping TestDocument(IngressSource ingress, List<IngressTestCase> tests)
    {
        var t = new YamlTree(new SourceMark(ingress.Mark.File, 1, 1));
        var cases = tests.Select(c => t.Map(
            ("name", t.Str(c.Name)),
            ("request", t.Map(("scheme", c.Scheme is null ? null : t.Str(c.Scheme)), ("host", t.Str(c.Host)), ("path", t.Str(c.Path)),
                ("headers", c.Headers.Count == 0 ? null : t.Map([.. c.Headers.Select(h => (h.Key, (Manifests.YamlNode?)t.Str(h.Value)))])))),
            ("expect", t.Map(
                ("backend", c.Backend is null ? null : t.Str(c.Backend)),
                ("backends", c.Backends is null ? null : t.Map([.. c.Backends.Select(b => (b.Key, (Manifests.YamlNode?)t.Num(b.Value)))])),
                ("status", c.Status is { } s ? t.Num(s) : null),
                ("redirect", c.Redirect is null ? null : t.Str(c.Redirect))))));
        return t.Map(("apiVersion", t.Str("gitgateway.dev/v1alpha1")), ("kind", t.Str("RoutingTest")),
            ("metadata", t.Map(("name", t.Str(IngressNames.With("ingress-" + ingress.Name, ""))))), ("spec", t.Map(("cases", t.Seq(cases)))));
    }

    private static string Report(IReadOnlyList<IngressSource> sources, IngressConversion conversion)
    {
        var text = new StringBuilder();
        text.Append("# Ingress import\n\n");
        text.Append("Written by `gitgateway import ingress` from: ").AppendJoin(", ", sources.Select(s => $"`{s.Namespace}/{s.Name}` ({s.Mark.File}:{s.Mark.Line})")).Append(".\n");
        text.Append("The routing tests in `tests/ingress-*.yaml` say where each host and path went; the plan check runs them.\n\n");
        text.Append("## Listener requests for the platform\n\n");
        if (conversion.ListenerRequests.Count == 0)
        {
            text.Append("None: the Ingresses list no TLS hosts.\n");
        }

        foreach (var r in conversion.ListenerRequests)
        {
            var cert = r.SecretName is null ? "the controller's default certificate" : $"certificate `{r.SecretNamespace}/{r.SecretName}`";
            text.Append($"- `{r.Host}` ({r.Ingress}, {cert}): ").Append(r.CoveredBy is null ? "no HTTPS listener serves it yet; please add one.\n" : $"an HTTPS listener ({r.CoveredBy}) covers it; check it carries the certificate.\n");
        }

        foreach (var kind in new[] { IngressNoteKind.NotConverted, IngressNoteKind.Approximated, IngressNoteKind.Explained })
        {
            var notes = conversion.Notes.Items.Where(n => n.Kind == kind).ToList();
            text.Append($"\n## {(kind == IngressNoteKind.NotConverted ? "Not converted" : kind == IngressNoteKind.Approximated ? "Converted with a difference" : "How fields were read")}\n\n");
            text.Append(notes.Count == 0 ? "None.\n" : "");
            foreach (var n in notes)
            {
                text.Append($"- `{n.Ingress}` `{n.Subject}` ({n.File}:{n.Line}): {Diagnostics.DisplayText.Escape(n.Message)}\n");
            }
        }

        return text.ToString();
    }
}
