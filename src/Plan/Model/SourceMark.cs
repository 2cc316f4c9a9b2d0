namespace GitGateway.Plan.Model;

/// <summary>Where in the config repository an element came from (repo-relative path, 1-based line and column).</summary>
public sealed record SourceMark(string File, int Line, int Column)
{
    /// <summary>"file:line:column", the form editors and CI annotations understand.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
