using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// A mapping's key: its text, whether it was written plain, and its place. A value held in the mapping's entries, not a
/// node of its own: a repository's trees hold hundreds of thousands of keys, and a scalar object for each was the
/// largest part of what a parse allocated. Its <see cref="Mark"/> is made only when asked, like a node's.
/// </summary>
internal readonly struct YamlKey
{
    private readonly string _file;
    private readonly int _line;
    private readonly int _column; // the column, or its complement for a plain key

    internal YamlKey(string value, bool plain, string file, (int Line, int Column) place) =>
        (Value, _file, _line, _column) = (value, file, place.Line, plain ? ~place.Column : place.Column);

    internal YamlKey(string value, bool plain, SourceMark mark)
        : this(value, plain, mark.File, (mark.Line, mark.Column))
    {
    }

    /// <summary>The text of the key.</summary>
    public string Value { get; }

    /// <summary>Whether the key was written without quotes.</summary>
    public bool Plain => _column < 0;

    /// <summary>Where the key starts (repo-relative file, 1-based line and column).</summary>
    public SourceMark Mark => new(_file, _line, _column < 0 ? ~_column : _column);
}
