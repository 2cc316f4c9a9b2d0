using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>A YAML sequence.</summary>
internal sealed class YamlSequence : YamlNode
{
    internal YamlSequence(IReadOnlyList<YamlNode> items, SourceMark mark)
        : base(mark) => Items = items;

    internal YamlSequence(IReadOnlyList<YamlNode> items, string file, (int Line, int Column) place)
        : base(file, place.Line, place.Column) => Items = items;

    /// <summary>The items, in order.</summary>
    public IReadOnlyList<YamlNode> Items { get; }

    /// <inheritdoc />
    public override string ShapeName => "a list";
}
