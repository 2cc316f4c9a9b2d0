using System.Collections;
using System.Diagnostics.CodeAnalysis;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// An object as CEL rules see it (<see cref="CelValues.Of"/>), read straight from its YAML mapping: a field a rule
/// reads by name is found among the mapping's entries and typed alone, the first time it is read, and kept beside the
/// others read so far; all fields (in the order the document writes them, then the defaults of the absent ones) are
/// built only when a rule lists them, counts them or the view is made plain. Its children stay views until read in
/// turn, so a rule that reads one field of a route's rule, or only counts its matches, builds nothing of the rest: no
/// view of a sibling list or object is made (a manifest's objects have a few fields: a scan is cheaper than a hash
/// table). Its children are made through the document's <see cref="CelViews"/>. Read-only, and read by one thread at a time.
/// </summary>
internal sealed class CelMapView(YamlMapping map, SchemaNode schema, bool root, CelViews views) : IDictionary<string, object?>, ICollection
{
    // The fields read so far, or all of them once built (_complete): one array of name and value pairs, sized for all.
    private KeyValuePair<string, object?>[]? _fields;
    private int _count;
    private bool _complete;

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
            _ = AllFields();
            return _count;
        }
    }

    /// <inheritdoc />
    public bool IsReadOnly => true;

    /// <inheritdoc />
    ICollection<string> IDictionary<string, object?>.Keys => Array.ConvertAll(AllFields()[.._count], entry => entry.Key);

    /// <inheritdoc />
    public ICollection<object?> Values => Array.ConvertAll(AllFields()[.._count], entry => entry.Value);

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
        ArgumentNullException.ThrowIfNull(key);
        var at = Read(key);
        value = at >= 0 ? _fields![at].Value : null;
        return at >= 0;
    }

    /// <inheritdoc />
    public bool ContainsKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Read(key) >= 0;
    }

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
        var fields = AllFields();
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

    // The place of the field named key among those read so far, or -1.
    private int IndexOf(string key)
    {
        var fields = _fields;
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(fields![i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    // The place of the field named key, read now if it was not: -1 when the object has no such field.
    private int Read(string key)
    {
        var at = IndexOf(key);
        if (at >= 0 || _complete)
        {
            return at;
        }

        if (!Resolve(key, out var value))
        {
            return -1;
        }

        _fields ??= new KeyValuePair<string, object?>[map.Entries.Count + schema.Defaulted.Count];
        _fields[_count] = new(key, value);
        return _count++;
    }

    // The one field named key as Build gives it, built alone: the value of the last entry whose field name is key and
    // whose value is not null, unless a default of that name fills in an absent property after them.
    private bool Resolve(string key, out object? value)
    {
        (var found, value) = (false, null);
        var entries = map.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            var (name, node) = entries[i];
            if (!MayBeNamed(name.Value, key))
            {
                continue;
            }

            var property = Property(name.Value);
            if (!string.Equals(property is null ? name.Value : CelValues.PropertyName(name.Value), key, StringComparison.Ordinal))
            {
                continue;
            }

            if (Value(node, property) is { } v)
            {
                (found, value) = (true, v);
            }
        }

        var defaulted = schema.Defaulted;
        for (var i = 0; i < defaulted.Count; i++)
        {
            var (name, property) = defaulted[i];
            if (MayBeNamed(name, key) && string.Equals(CelValues.PropertyName(name), key, StringComparison.Ordinal) && map.Get(name) is null)
            {
                (found, value) = (true, CelValues.Typed(property.Default!, property));
            }
        }

        return found;
    }

    // Whether a key written as name may have the field name key: an escaped name holds "__", any other is the key itself.
    private static bool MayBeNamed(string name, string key) =>
        string.Equals(name, key, StringComparison.Ordinal) || key.Contains("__", StringComparison.Ordinal);

    private SchemaNode? Property(string name) =>
        root && name == "metadata" ? SchemaCatalog.ObjectMeta : schema.Properties?.GetValueOrDefault(name);

    private object? Value(YamlNode node, SchemaNode? property) =>
        (property ?? schema.AdditionalProperties) is { } child ? views.Of(node, child) : CelValues.Typed(node, null);

    private KeyValuePair<string, object?>[] AllFields() => _complete ? _fields! : Build();

    // The fields as the schema pass reads them: each entry the schema knows under its escaped name (a repeated key
    // keeps its first place and its last value), each the schema leaves open under its own name, then the defaults.
    // The fields read before are made again in their places (a child's view is the same one, from the document's views).
    private KeyValuePair<string, object?>[] Build()
    {
        var defaulted = schema.Defaulted;
        var fields = _fields ?? new KeyValuePair<string, object?>[map.Entries.Count + defaulted.Count];
        (_fields, _count, _complete) = (fields, 0, true);
        var entries = map.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            var (key, value) = entries[i];
            var property = Property(key.Value);
            if (Value(value, property) is { } v)
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
