using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Diagnostics;

/// <summary>Collects diagnostics during one render; sorted by file, line, column and code at the end.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    // Findings of the schema pass; one at a place where a reader also reported is left out, so each value
    // gets one error, in the reader's words when it has them.
    private readonly List<Diagnostic> _schema = [];

    /// <summary>The diagnostics so far (the readers', then the schema pass's), unsorted.</summary>
    public IReadOnlyList<Diagnostic> Items => [.. _items, .. _schema];

    /// <summary>Whether nothing was added.</summary>
    public bool IsEmpty => _items.Count == 0 && _schema.Count == 0;

    /// <summary>How many errors were added.</summary>
    public int ErrorCount { get; private set; }

    /// <summary>Adds an error.</summary>
    public void Error(string code, SourceMark at, string message)
    {
        ArgumentNullException.ThrowIfNull(at);
        ErrorCount++;
        _items.Add(new Diagnostic(DiagnosticSeverity.Error, code, at.File, at.Line, at.Column, message));
    }

    /// <summary>Adds an error of the schema pass (see <see cref="ToSortedList"/>).</summary>
    public void SchemaError(string code, SourceMark at, string message)
    {
        ArgumentNullException.ThrowIfNull(at);
        ErrorCount++;
        _schema.Add(new Diagnostic(DiagnosticSeverity.Error, code, at.File, at.Line, at.Column, message));
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

    /// <summary>Adds everything <paramref name="other"/> holds, each kind of finding to its own kind.</summary>
    public void AddRange(DiagnosticBag other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _items.AddRange(other._items);
        _schema.AddRange(other._schema);
        ErrorCount += other.ErrorCount;
    }

    /// <summary>
    /// The diagnostics in a stable order, exact duplicates removed; a schema finding at the place of a reader's
    /// error is left out (the same value, said once), except a broken CEL rule of the CRD, which is said in the
    /// rule's own words as the API server says it (the reader's error at its place is left out instead), and an unknown
    /// field: it is a key no reader reads, and the first key of a mapping shares its place with the mapping, where a
    /// reader's error about the mapping (HostnameNotOwned on spec) once hid it.
    /// </summary>
    public IReadOnlyList<Diagnostic> ToSortedList()
    {
        // Places are compared by a comparer of diagnostics and the order is one comparer: sets of (file, line, column)
        // tuples and ThenBy over ints are framework generics over value types, compiled at first call in every process.
        var ruled = _schema.Where(d => d.Code == DiagnosticCodes.RuleViolation).ToHashSet(SamePlace.Instance);
        var readers = _items.Where(d => d.Severity != DiagnosticSeverity.Error || !ruled.Contains(d)).ToList();
        var taken = readers.Where(d => d.Severity == DiagnosticSeverity.Error).ToHashSet(SamePlace.Instance);
        return readers.Concat(_schema.Where(d => d.Code is DiagnosticCodes.RuleViolation or DiagnosticCodes.UnknownField || !taken.Contains(d)))
            .Distinct()
            .Order(InOrder.Instance) // stable, as OrderBy is: diagnostics it cannot tell apart keep their places
            .ToList();
    }

    // Diagnostics at the same file, line and column.
    private sealed class SamePlace : IEqualityComparer<Diagnostic>
    {
        public static readonly SamePlace Instance = new();

        public bool Equals(Diagnostic? x, Diagnostic? y) =>
            ReferenceEquals(x, y) || x is not null && y is not null && x.Line == y.Line && x.Column == y.Column && string.Equals(x.File, y.File, StringComparison.Ordinal);

        public int GetHashCode(Diagnostic obj) => unchecked(((StringComparer.Ordinal.GetHashCode(obj.File) * 31) + obj.Line) * 31 + obj.Column);
    }

    // By file, line, column, code and message (strings ordinal).
    private sealed class InOrder : IComparer<Diagnostic>
    {
        public static readonly InOrder Instance = new();

        public int Compare(Diagnostic? x, Diagnostic? y)
        {
            if (ReferenceEquals(x, y) || x is null || y is null)
            {
                return ReferenceEquals(x, y) ? 0 : x is null ? -1 : 1;
            }

            var c = string.CompareOrdinal(x.File, y.File);
            if (c == 0)
            {
                c = x.Line.CompareTo(y.Line);
            }

            if (c == 0)
            {
                c = x.Column.CompareTo(y.Column);
            }

            if (c == 0)
            {
                c = string.CompareOrdinal(x.Code, y.Code);
            }

            return c != 0 ? c : string.CompareOrdinal(x.Message, y.Message);
        }
    }
}
