using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// The values CEL rules see for one document's nodes (<see cref="CelValues.Of"/>), each object's and list's view made
/// once: a node's own rules and the rules of every node above it read the same view, so what one rule built, the next
/// reads. One per document, read by one thread at a time; a node is always seen with the same schema in a document.
/// </summary>
internal sealed class CelViews
{
    private readonly Dictionary<YamlNode, object> _made = new(ReferenceEqualityComparer.Instance);

    /// <summary>The value of <paramref name="node"/> under <paramref name="schema"/>, as <see cref="CelValues.Of"/> gives it.</summary>
    public object? Of(YamlNode node, SchemaNode schema, bool root = false)
    {
        if (node is not (YamlMapping or YamlSequence))
        {
            return CelValues.Of(node, schema, root, this);
        }

        if (_made.TryGetValue(node, out var made))
        {
            return made;
        }

        var value = CelValues.Of(node, schema, root, this);
        if (value is not null)
        {
            _made[node] = value;
        }

        return value;
    }
}
