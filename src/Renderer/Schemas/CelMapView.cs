using System.Collections;
using System.Diagnostics.CodeAnalysis;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// An object as CEL rules see it (<see cref="CelValues.Of"/>), read straight from its YAML mapping: its fields (in the
/// order the document writes them, then the defaults of the absent ones) are built the first time a rule reads any of
/// them, into two arrays (a manifest's objects have a few fields: a scan is cheaper than a hash table), and its
/// children stay views until read in turn, so a rule that reads one field of a route's rule, or only counts its
/// matches, builds nothing of the rest. Its children are made through the document's <see cref="CelViews"/>.
/// Read-only, and read by one thread at a time.
/// </summary>
internal sealed class CelMapView(YamlMapping map, SchemaNode schema, bool root, CelViews views) : IDictionary<string, object?>, ICollection
{
    // The fields, once built: one array of name and value pairs (two arrays cost a second object per view).
    private KeyValuePair<string, object?>[]? _fields;
    private int _count;

    /// <summary>The mapping read.</summary>
    public YamlMapping Source => map;

    /// <summary>The mapping's schema.</summary>
    public SchemaNode Schema => schema;

    /// <summary>Whether the mapping is a document's root.</summary>
    public bool Root => root;

    /// <inheritdoc />
    public int Count
    {
        get
        {
            _ = Fields();
            return _count;
        }
    }

    /// <inheritdoc />
    public bool IsReadOnly => true;

    /// <inheritdoc />
    ICollection<string> IDictionary<string, object?>.Keys => Array.ConvertAll(Fields()[.._count], entry => entry.Key);

    /// <inheritdoc />
    public ICollection<object?> Values => Array.ConvertAll(Fields()[.._count], entry => entry.Value);

    /// <inheritdoc />
    bool ICollection.IsSynchronized => false;

    /// <inheritdoc />
    object ICollection.SyncRoot => this;

    /// <inheritdoc />
    public object? this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no field '{key}'");
        set => throw ReadOnly();
    }

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var at = IndexOf(key);
        value = at >= 0 ? _fields![at].Value : null;
        return at >= 0;
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool Contains(KeyValuePair<string, object?> item) => TryGetValue(item.Key, out var value) && Equals(value, item.Value);

    /// <inheritdoc />
    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        foreach (var entry in this)
        {
            array[arrayIndex++] = entry;
        }
    }

    /// <inheritdoc />
    void ICollection.CopyTo(Array array, int index)
    {
        ArgumentNullException.ThrowIfNull(array);
        foreach (var entry in this)
        {
            array.SetValue(entry, index++);
        }
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        var fields = Fields();
        for (var i = 0; i < _count; i++)
        {
            yield return fields[i];
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public void Add(string key, object? value) => throw ReadOnly();

    /// <inheritdoc />
    public void Add(KeyValuePair<string, object?> item) => throw ReadOnly();

    /// <inheritdoc />
    public bool Remove(string key) => throw ReadOnly();

    /// <inheritdoc />
    public bool Remove(KeyValuePair<string, object?> item) => throw ReadOnly();

    /// <inheritdoc />
    public void Clear() => throw ReadOnly();

    private static NotSupportedException ReadOnly() => new("a CEL value is read-only");

    private int IndexOf(string key)
    {
        var fields = Fields();
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(fields[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private KeyValuePair<string, object?>[] Fields() => _fields ?? Build();

    // The fields as the schema pass reads them: each entry the schema knows under its escaped name (a repeated key
    // keeps its first place and its last value), each the schema leaves open under its own name, then the defaults.
    private KeyValuePair<string, object?>[] Build()
    {
        var defaulted = schema.Defaulted;
        var fields = new KeyValuePair<string, object?>[map.Entries.Count + defaulted.Count];
        (_fields, _count) = (fields, 0);
        var entries = map.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            var (key, value) = entries[i];
            var property = root && key.Value == "metadata" ? SchemaCatalog.ObjectMeta : schema.Properties?.GetValueOrDefault(key.Value);
            var child = property ?? schema.AdditionalProperties;
            var v = child is not null ? views.Of(value, child) : CelValues.Typed(value, null);
            if (v is not null)
            {
                Set(property is null ? key.Value : CelValues.PropertyName(key.Value), v);
            }
        }

        for (var i = 0; i < defaulted.Count; i++)
        {
            var (name, property) = defaulted[i];
            if (map.Get(name) is null)
            {
                Set(CelValues.PropertyName(name), CelValues.Typed(property.Default!, property));
            }
        }

        return fields;
    }

    private void Set(string key, object? value)
    {
        var at = IndexOf(key);
        if (at < 0)
        {
            (at, _count) = (_count, _count + 1);
        }

        _fields![at] = new(key, value);
    }
}
