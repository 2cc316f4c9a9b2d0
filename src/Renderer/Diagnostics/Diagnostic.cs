namespace GitGateway.Renderer.Diagnostics;

/// <summary>
/// A finding about the input, with a stable code (named like the Gateway API reasons where one fits, e.g.
/// <c>NotAllowedByListeners</c>, <c>BackendNotFound</c>, or ours like <c>YamlSyntax</c>, <c>NotOwner</c>), the
/// repo-relative file and 1-based line and column, and a message that says how to fix it.
/// </summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, string File, int Line, int Column, string Message)
{
    /// <summary>The repo-relative file, with unsafe characters escaped (<see cref="DisplayText"/>).</summary>
    public string File { get; init; } = DisplayText.Escape(File);

    /// <summary>What is wrong and how to fix it; quoted input is escaped (<see cref="DisplayText"/>), so a CR, LF or
    /// bidi override from a hostile file never reaches a terminal, a JSON reader or a pull-request comment raw.</summary>
    public string Message { get; init; } = DisplayText.Escape(Message);

    /// <summary><c>file:line:col: error CODE: message</c>, the form editors and CI annotate.</summary>
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(Severity == DiagnosticSeverity.Error ? "error" : "warning")} {Code}: {Message}";
}
