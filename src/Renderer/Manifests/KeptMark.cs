using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// A place a typed read keeps as its parts, inside the record that holds it, rather than as a <see cref="SourceMark"/>
/// of its own: a repository's routes keep tens of thousands of references, rules and filters for the whole render and
/// few of their places are ever asked for (a diagnostic's), so each mark is made when asked.
/// </summary>
/// <param name="File">The repo-relative file.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
internal readonly record struct KeptMark(string File, int Line, int Column)
{
    /// <summary>The parts of <paramref name="mark"/>.</summary>
    public static KeptMark Of(SourceMark mark)
    {
        ArgumentNullException.ThrowIfNull(mark);
        return new KeptMark(mark.File, mark.Line, mark.Column);
    }

    /// <summary>The place as a mark, made when asked.</summary>
    public SourceMark Mark => new(File, Line, Column);
}
