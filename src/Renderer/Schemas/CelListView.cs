using System.Collections;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// A list as CEL rules see it (<see cref="CelValues.Of"/>), read straight from its YAML sequence: its size is the
/// sequence's, and its items are built the first time a rule reads one (a null item stays null). Items of a list
/// whose schema names none are not seen, as the schema pass does not visit them. Read-only, and read by one thread at
/// a time, like <see cref="CelMapView"/>.
/// </summary>
internal sealed class CelListView(YamlSequence seq, SchemaNode? items, CelViews views) : IList
{
    private object?[]? _items;

    /// <summary>The sequence read.</summary>
    public YamlSequence Source => seq;

    /// <summary>The schema of its items, or null when it names none.</summary>
    public SchemaNode? ItemSchema => items;

    /// <inheritdoc />
    public int Count => items is null ? 0 : seq.Items.Count;

    /// <inheritdoc />
    public bool IsFixedSize => true;

    /// <inheritdoc />
    public bool IsReadOnly => true;

    /// <inheritdoc />
    bool ICollection.IsSynchronized => false;

    /// <inheritdoc />
    object ICollection.SyncRoot => this;

    private object?[] Items => _items ??= Build();

    /// <inheritdoc />
    public object? this[int index]
    {
        get => Items[index];
        set => throw ReadOnly();
    }

    /// <inheritdoc />
    public bool Contains(object? value) => Array.IndexOf(Items, value) >= 0;

    /// <inheritdoc />
    public int IndexOf(object? value) => Array.IndexOf(Items, value);

    /// <inheritdoc />
    public void CopyTo(Array array, int index) => Items.CopyTo(array, index);

    /// <inheritdoc />
    public IEnumerator GetEnumerator() => Items.GetEnumerator();

    /// <inheritdoc />
    public int Add(object? value) => throw ReadOnly();

    /// <inheritdoc />
    public void Insert(int index, object? value) => throw ReadOnly();

    /// <inheritdoc />
    public void Remove(object? value) => throw ReadOnly();

    /// <inheritdoc />
    public void RemoveAt(int index) => throw ReadOnly();

    /// <inheritdoc />
    public void Clear() => throw ReadOnly();

    private object?[] Build()
    {
        var built = new object?[Count];
        for (var i = 0; i < built.Length; i++)
        {
            built[i] = views.Of(seq.Items[i], items!);
        }

        return built;
    }

    private static NotSupportedException ReadOnly() => new("a CEL value is read-only");
}
