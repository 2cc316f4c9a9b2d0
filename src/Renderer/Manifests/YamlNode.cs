using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// A node of a parsed YAML document, with the place it was written. The place is kept as its parts, not as a
/// <see cref="SourceMark"/>: a repository's trees hold millions of nodes and few marks are ever asked for (a
/// diagnostic's, an object's), so each is made when asked. A column is never negative, so its sign is free to hold one flag
/// of the node (a scalar's style): a flag field would make each of a tree's million scalars 8 bytes larger.
/// </summary>
internal abstract class YamlNode
{
    private readonly string _file;
    private readonly int _line;
    private readonly int _column; // the column, or its complement when the flag is set

    private protected YamlNode(SourceMark mark, bool flag = false)
    {
        ArgumentNullException.ThrowIfNull(mark);
        (_file, _line, _column) = (mark.File, mark.Line, flag ? ~mark.Column : mark.Column);
    }

    // The place as its parts, for a reader that has them: no mark is made only to be taken apart.
    private protected YamlNode(string file, int line, int column, bool flag = false) => (_file, _line, _column) = (file, line, flag ? ~column : column);

    /// <summary>Where the node starts (repo-relative file, 1-based line and column).</summary>
    public SourceMark Mark => new(_file, _line, _column < 0 ? ~_column : _column);

    /// <summary>The flag the node was made with (what it means is the subclass's).</summary>
    private protected bool Flag => _column < 0;

    /// <summary>A short name of the node's shape for messages.</summary>
    public abstract string ShapeName { get; }
}
