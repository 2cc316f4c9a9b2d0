namespace GitGateway.Renderer.Manifests;

/// <summary>
/// The mapping items of a sequence field (<see cref="FieldReader.Mappings"/>): the sequence's own items when they are all
/// mappings, as they nearly always are, else the mappings among them; read by index, so a read makes no list and no
/// enumerator (a route's read met seven such lists).
/// </summary>
internal readonly struct MappingItems(IReadOnlyList<YamlNode> items)
{
    /// <summary>How many mappings.</summary>
    public int Count => items?.Count ?? 0; // default: none

    /// <summary>The mapping at <paramref name="index"/>.</summary>
    public YamlMapping this[int index] => (YamlMapping)items[index];
}
