using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Diagnostics;

/// <summary>Collects diagnostics during one render; sorted by file, line, column and code at the end.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    /// <summary>The diagnostics so far, unsorted.</summary>
    public IReadOnlyList<Diagnostic> Items => _items;

    /// <summary>How many errors were added.</summary>
    public int ErrorCount { get; private set; }

    /// <summary>Adds an error.</summary>
    public void Error(string code, SourceMark at, string message)
    {
        ArgumentNullException.ThrowIfNull(at);
        ErrorCount++;
        _items.Add(new Diagnostic(DiagnosticSeverity.Error, code, at.File, at.Line, at.Column, message));
    }

    /// <summary>Adds a warning.</summary>
    public void Warning(string code, SourceMark at, string message) =>
        _items.Add(new Diagnostic(DiagnosticSeverity.Warning, code, at.File, at.Line, at.Column, message));

    /// <summary>Adds a diagnostic made elsewhere.</summary>
    public void Add(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        if (diagnostic.Severity == DiagnosticSeverity.Error)
        {
            ErrorCount++;
        }

        _items.Add(diagnostic);
    }

    /// <summary>The diagnostics in a stable order, exact duplicates removed.</summary>
    public IReadOnlyList<Diagnostic> ToSortedList() =>
        _items.Distinct()
            .OrderBy(d => d.File, StringComparer.Ordinal)
            .ThenBy(d => d.Line)
            .ThenBy(d => d.Column)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToList();
}
