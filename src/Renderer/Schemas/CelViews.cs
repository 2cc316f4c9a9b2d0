using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// The values CEL rules see for one document's nodes (<see cref="CelValues.Of"/>), each object's and list's view made
/// once: a node's own rules and the rules of every node above it read the same view, so what one rule built, the next
/// reads. One per document, read by one thread at a time; a node is always seen with the same schema in a document.
/// The table of views is the thread's, taken for the document and given back when its pass ends (<see cref="Release"/>):
/// a table per document grew through four or five sizes for each of a repository's routes. A view still held after that
/// (a test that keeps what rules saw) builds its children through a table of its own.
/// </summary>
internal sealed class CelViews
{
    /// <summary>The largest table kept for the next document; a larger one is left to the collector.</summary>
    public const int MaxKept = 256;

    [ThreadStatic]
    private static Dictionary<YamlNode, object>? t_spare;

    private Dictionary<YamlNode, object>? _made;

    /// <summary>The value of <paramref name="node"/> under <paramref name="schema"/>, as <see cref="CelValues.Of"/> gives it.</summary>
    public object? Of(YamlNode node, SchemaNode schema, bool root = false)
    {
        if (node is not (YamlMapping or YamlSequence))
        {
            return CelValues.Of(node, schema, root, this);
        }

        var made = _made ??= Take();
        if (made.TryGetValue(node, out var known))
        {
            return known;
        }

        var value = CelValues.Of(node, schema, root, this);
        if (value is not null)
        {
            made[node] = value;
        }

        return value;
    }

    /// <summary>How many views of objects and lists were made so far in this table.</summary>
    internal int Made => _made?.Count ?? 0;

    /// <summary>The document's pass is over: its table, emptied, serves the thread's next document.</summary>
    public void Release()
    {
        if (_made is { Count: <= MaxKept } made)
        {
            made.Clear();
            t_spare = made;
        }

        _made = null;
    }

    private static Dictionary<YamlNode, object> Take()
    {
        var spare = t_spare;
        t_spare = null;
        return spare ?? new Dictionary<YamlNode, object>(ReferenceEqualityComparer.Instance);
    }
}
