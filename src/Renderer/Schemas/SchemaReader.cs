using System.Globalization;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// Reads a CustomResourceDefinition (the vendored Gateway API CRDs, and our own kinds' schemas written in the
/// same format) into one <see cref="SchemaNode"/> per served version.
/// </summary>
internal static class SchemaReader
{
    /// <summary>One kind's schema per version.</summary>
    public sealed record KindSchemas(string Group, string Kind, IReadOnlyDictionary<string, SchemaNode> Versions);

    /// <summary>Reads every CRD document of <paramref name="content"/>; the input is ours, so a bad one is a bug.</summary>
    public static IEnumerable<KindSchemas> Read(string name, ReadOnlyMemory<byte> content)
    {
        var diagnostics = new DiagnosticBag();
        var docs = YamlDocumentReader.Read(name, content, diagnostics);
        if (diagnostics.ErrorCount > 0)
        {
            throw new InvalidDataException($"schema {name} is not readable: {diagnostics.Items[0]}");
        }

        foreach (var doc in docs.OfType<YamlMapping>())
        {
            if (doc.Get("spec") is not YamlMapping spec || spec.Get("names") is not YamlMapping names
                || (names.Get("kind") as YamlScalar)?.Value is not { } kind)
            {
                continue;
            }

            var group = (spec.Get("group") as YamlScalar)?.Value ?? "";
            var versions = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
            foreach (var v in (spec.Get("versions") as YamlSequence)?.Items.OfType<YamlMapping>() ?? [])
            {
                if ((v.Get("name") as YamlScalar)?.Value is { } version
                    && (v.Get("schema") as YamlMapping)?.Get("openAPIV3Schema") is YamlMapping root)
                {
                    versions[version] = Node(root);
                }
            }

            yield return new KindSchemas(group, kind, versions);
        }
    }

    private static SchemaNode Node(YamlMapping m) => new()
    {
        Type = Str(m, "type"),
        Properties = (m.Get("properties") as YamlMapping)?.Entries
            .Where(e => e.Value is YamlMapping)
            .ToDictionary(e => e.Key.Value, e => Node((YamlMapping)e.Value), StringComparer.Ordinal),
        AdditionalProperties = m.Get("additionalProperties") as YamlMapping is { } ap ? Node(ap) : null,
        PreserveUnknownFields = Str(m, "x-kubernetes-preserve-unknown-fields") == "true"
            || Str(m, "additionalProperties") == "true",
        IntOrString = Str(m, "x-kubernetes-int-or-string") == "true",
        Items = m.Get("items") as YamlMapping is { } items ? Node(items) : null,
        Required = (m.Get("required") as YamlSequence)?.Items.OfType<YamlScalar>().Select(s => s.Value).ToList() ?? [],
        Enum = (m.Get("enum") as YamlSequence)?.Items.OfType<YamlScalar>().Select(s => s.Value).ToList(),
        MinLength = Int(m, "minLength"),
        MaxLength = Int(m, "maxLength"),
        MinItems = Int(m, "minItems"),
        MaxItems = Int(m, "maxItems"),
        MaxProperties = Int(m, "maxProperties"),
        Minimum = Dec(m, "minimum"),
        Maximum = Dec(m, "maximum"),
        Pattern = Str(m, "pattern"),
        KeyFormat = Str(m, "x-gitgateway-key"),
        Wire = Str(m, "x-gitgateway-wire"),
        Default = m.Get("default"),
        Rules = (m.Get("x-kubernetes-validations") as YamlSequence)?.Items.OfType<YamlMapping>()
            .Where(r => Str(r, "rule") is not null)
            .Select(r => new SchemaRule(Str(r, "rule")!, Str(r, "message"), Str(r, "fieldPath")))
            .ToList() ?? [],
    };

    private static string? Str(YamlMapping m, string key) => (m.Get(key) as YamlScalar)?.Value;

    private static int? Int(YamlMapping m, string key) =>
        Str(m, key) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : null;

    private static decimal? Dec(YamlMapping m, string key) =>
        Str(m, key) is { } s ? decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
}
