using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Conformance;

/// <summary>
/// Applies a case's mid-test mutations (README 3.4) up to a phase, as a new set of input files: Patch with
/// <c>specAfter</c> replaces the object's spec, Delete removes the object, Apply adds objects (written as JSON,
/// which is YAML). A Patch without <c>specAfter</c> cannot be replayed: the phase is then not evaluated.
/// </summary>
internal static partial class Mutations
{
    public static IReadOnlyList<SourceFile>? Apply(IReadOnlyList<SourceFile> files, IReadOnlyList<JsonElement> mutations, int phase)
    {
        var docs = files.SelectMany(f => Split(f)).ToList();
        var added = new List<string>();
        foreach (var m in mutations.Where(m => m.GetProperty("resultingPhase").GetInt32() <= phase))
        {
            var op = m.GetProperty("op").GetString();
            if (op == "Apply")
            {
                added.AddRange(m.GetProperty("objects").EnumerateArray().Select(o => o.GetRawText()));
                continue;
            }

            var target = m.GetProperty("object");
            var index = docs.FindIndex(d => Is(d.Text, target));
            if (index < 0 || (op == "Patch" && !m.TryGetProperty("specAfter", out _)))
            {
                return null;
            }

            var doc = docs[index];
            docs.RemoveAt(index);
            if (op == "Patch")
            {
                var obj = new JsonObject
                {
                    ["apiVersion"] = Top(doc.Text, "apiVersion"),
                    ["kind"] = Top(doc.Text, "kind"),
                    ["metadata"] = new JsonObject { ["name"] = target.GetProperty("name").GetString(), ["namespace"] = NamespaceOf(target) },
                    ["spec"] = JsonNode.Parse(m.GetProperty("specAfter").GetRawText()),
                };
                if (obj["spec"]?["controllerName"] is not null)
                {
                    // The suite sets every GatewayClass's controller to the implementation's.
                    obj["spec"]!["controllerName"] = RenderInput.DefaultControllerName;
                }

                added.Add(obj.ToJsonString().Replace("{GATEWAY_CLASS_NAME}", ConformanceInput.ClassName, StringComparison.Ordinal));
            }
        }

        var result = docs.GroupBy(d => d.Path).Select(g => new SourceFile(g.Key, Encoding.UTF8.GetBytes(string.Join("\n---\n", g.Select(d => d.Text))))).ToList();
        result.Add(new SourceFile("suite/mutations.yaml", Encoding.UTF8.GetBytes(string.Join("\n---\n", added))));
        return result;
    }

    private static string? NamespaceOf(JsonElement target) =>
        target.TryGetProperty("namespace", out var ns) && ns.ValueKind == JsonValueKind.String ? ns.GetString() : null;

    private static IEnumerable<(string Path, string Text)> Split(SourceFile f) =>
        DocumentSeparator().Split(Encoding.UTF8.GetString(f.Content.Span)).Select(t => (f.Path, t));

    private static bool Is(string doc, JsonElement target)
    {
        var meta = MetadataBlock().Match(doc);
        return Top(doc, "kind") == target.GetProperty("kind").GetString()
            && meta.Success
            && Field(meta.Value, "name") == target.GetProperty("name").GetString()
            && Field(meta.Value, "namespace") == NamespaceOf(target);
    }

    private static string? Top(string doc, string key) =>
        Regex.Match(doc, $"(?m)^{key}:\\s*\"?([^\"\\s]+)\"?\\s*$") is { Success: true } m ? m.Groups[1].Value : null;

    private static string? Field(string block, string key) =>
        Regex.Match(block, $"(?m)^  {key}:\\s*\"?([^\"\\s]+)\"?\\s*$") is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"(?m)^---\s*$")]
    private static partial Regex DocumentSeparator();

    [GeneratedRegex(@"(?ms)^metadata:\s*\n(?:  .*\n?)*")]
    private static partial Regex MetadataBlock();
}
