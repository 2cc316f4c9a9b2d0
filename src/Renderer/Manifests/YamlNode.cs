using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// A node of a parsed YAML document, with the place it was written. The place is kept as its parts, not as a
/// <see cref="SourceMark"/>: a repository's trees hold millions of nodes and few marks are ever asked for (a
/// diagnostic's, an object's), so each is made when asked.
/// </summary>
internal abstract class YamlNode
{
    private readonly string _file;
    private readonly int _line;
    private readonly int _column;

    private protected YamlNode(SourceMark mark)
    {
        ArgumentNullException.ThrowIfNull(mark);
        (_file, _line, _column) = (mark.File, mark.Line, mark.Column);
    }

    // The place as its parts, for a reader that has them: no mark is made only to be taken apart.
    private protected YamlNode(string file, int line, int column) => (_file, _line, _column) = (file, line, column);

    /// <summary>Where the node starts (repo-relative file, 1-based line and column).</summary>
    public SourceMark Mark => new(_file, _line, _column);

    /// <summary>A short name of the node's shape for messages.</summary>
    public abstract string ShapeName { get; }
}
