using System.Text;
using System.Text.Json;
using GitGateway.Renderer.Ingress;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Import;

/// <summary>
/// <c>--output json</c> of the import: <c>{"written", "files": [{path, objects, content?}], "listenerRequests",
/// "notConverted", "approximated", "explained", "tests", "diagnostics"}</c>; file contents only with --dry-run.
/// </summary>
internal static class IngressImportJson
{
    public static string Write(IngressImportResult result, bool dryRun)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteBoolean("written", !dryRun && !result.HasErrors);
            w.WriteStartArray("files");
            foreach (var file in result.Files)
            {
                w.WriteStartObject();
                w.WriteString("path", file.Path);
                w.WriteStartArray("objects");
                file.Objects.ToList().ForEach(w.WriteStringValue);
                w.WriteEndArray();
                if (dryRun)
                {
                    w.WriteString("content", file.Content);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("listenerRequests");
            foreach (var r in result.ListenerRequests)
            {
                w.WriteStartObject();
                w.WriteString("host", r.Host);
                w.WriteString("ingress", r.Ingress);
                w.WriteString("secretNamespace", r.SecretNamespace);
                w.WriteString("secretName", r.SecretName);
                w.WriteString("coveredBy", r.CoveredBy);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            foreach (var kind in new[] { IngressNoteKind.NotConverted, IngressNoteKind.Approximated, IngressNoteKind.Explained })
            {
                Notes(w, kind, result.Notes.Where(n => n.Kind == kind));
            }

            w.WriteNumber("tests", result.Tests);
            w.WritePropertyName("diagnostics");
            RenderJson.WriteDiagnostics(w, result.Diagnostics);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Notes(Utf8JsonWriter w, IngressNoteKind kind, IEnumerable<IngressNote> notes)
    {
        w.WriteStartArray(kind switch { IngressNoteKind.NotConverted => "notConverted", IngressNoteKind.Approximated => "approximated", _ => "explained" });
        foreach (var n in notes)
        {
            w.WriteStartObject();
            w.WriteString("ingress", n.Ingress);
            w.WriteString("subject", n.Subject);
            w.WriteString("reason", n.Message);
            w.WriteString("file", n.File);
            w.WriteNumber("line", n.Line);
            w.WriteNumber("column", n.Column);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
