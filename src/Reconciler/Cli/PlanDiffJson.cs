using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// The plan diff for machines: both revisions with their plan hashes and validity, the route counts, the
/// traffic lines by group, every structural change (<c>{kind, path, field, before, after}</c>), unhealthy
/// statuses and the head's diagnostics.
/// </summary>
internal static class PlanDiffJson
{
    public static string ToJson(PlanComparison c)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            WriteSide(w, "base", c.Base, c.Diff.BeforeHash);
            WriteSide(w, "head", c.Head, c.Diff.AfterHash);
            w.WriteStartObject("summary");
            w.WriteBoolean("valid", !c.Head.HasErrors);
            w.WriteNumber("routesAdded", c.Counts.Added);
            w.WriteNumber("routesChanged", c.Counts.Changed);
            w.WriteNumber("routesRemoved", c.Counts.Removed);
            w.WriteBoolean("noChangeToTraffic", c.NoChangeToTraffic);
            w.WriteEndObject();
            w.WriteStartArray("traffic");
            foreach (var g in c.Traffic)
            {
                w.WriteStartObject();
                w.WriteString("group", g.Title);
                w.WriteStartArray("changes");
                g.Lines.ToList().ForEach(w.WriteStringValue);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteChanges(w, c);
            w.WriteStartArray("statusProblems");
            StatusProblems.From(c.Head.Status).ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WritePropertyName("diagnostics");
            RenderJson.WriteDiagnostics(w, c.Head.Diagnostics);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteSide(Utf8JsonWriter w, string name, RenderResult result, string? hash)
    {
        w.WriteStartObject(name);
        w.WriteString("source", result.Plan.Source);
        w.WriteString("planHash", hash);
        w.WriteBoolean("valid", !result.HasErrors);
        w.WriteNumber("errors", result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
        w.WriteEndObject();
    }

    private static void WriteChanges(Utf8JsonWriter w, PlanComparison c)
    {
        w.WriteStartArray("changes");
        foreach (var change in c.Diff.Changes)
        {
            w.WriteStartObject();
            w.WriteString("kind", change.Kind.ToString());
            w.WriteStartArray("path");
            foreach (var id in change.Path)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
            w.WriteString("field", change.Field);
            w.WriteString("before", change.Before);
            w.WriteString("after", change.After);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
