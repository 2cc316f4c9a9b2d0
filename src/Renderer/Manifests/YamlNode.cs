using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>A node of a parsed YAML document, with the place it was written.</summary>
internal abstract class YamlNode
{
    private protected YamlNode(SourceMark mark) => Mark = mark;

    /// <summary>Where the node starts (repo-relative file, 1-based line and column).</summary>
    public SourceMark Mark { get; }

    /// <summary>A short name of the node's shape for messages.</summary>
    public abstract string ShapeName { get; }
}
