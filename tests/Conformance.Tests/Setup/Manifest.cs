using YamlDotNet.RepresentationModel;

namespace GitGateway.Conformance.Tests.Setup;

/// <summary>One Kubernetes object from the manifests, read loosely (only what the harness needs).</summary>
internal sealed class Manifest(YamlMappingNode root)
{
    public string Kind => Scalar(root, "kind") ?? "";

    public string Name => Scalar(Map(root, "metadata"), "name") ?? "";

    public string Namespace => Scalar(Map(root, "metadata"), "namespace") ?? "default";

    public YamlMappingNode Root => root;

    public static YamlMappingNode? Map(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v as YamlMappingNode : null;

    public static YamlSequenceNode? Seq(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v as YamlSequenceNode : null;

    public static string? Scalar(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? (v as YamlScalarNode)?.Value : null;

    public static IReadOnlyDictionary<string, string> Labels(YamlMappingNode? map) =>
        map is null
            ? new Dictionary<string, string>()
            : map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => (kv.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal);

    /// <summary>Every object of a multi-document YAML text.</summary>
    public static IEnumerable<Manifest> ParseAll(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().Select(m => new Manifest(m)).ToList();
    }
}
