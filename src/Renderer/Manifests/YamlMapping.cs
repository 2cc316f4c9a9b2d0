using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>A YAML mapping with string keys; duplicate keys were reported while parsing (the first one wins).</summary>
internal sealed class YamlMapping : YamlNode
{
    /// <summary>Up to this many entries a key is looked up by scanning them: no index is built (most manifest mappings are this small).</summary>
    internal const int ScannedUpTo = 8;

    private readonly Dictionary<string, KeyValuePair<YamlKey, YamlNode>>? _byKey;

    // The builder's own index of the entries by key (each key once, the entries' own): not built a second time.
    internal YamlMapping(IReadOnlyList<KeyValuePair<YamlKey, YamlNode>> entries, Dictionary<string, KeyValuePair<YamlKey, YamlNode>> byKey, SourceMark mark)
        : base(mark)
    {
        Entries = entries;
        _byKey = entries.Count > ScannedUpTo ? byKey : null;
    }

    internal YamlMapping(IReadOnlyList<KeyValuePair<YamlKey, YamlNode>> entries, SourceMark mark)
        : base(mark) => (Entries, _byKey) = (entries, Index(entries));

    internal YamlMapping(IReadOnlyList<KeyValuePair<YamlKey, YamlNode>> entries, string file, (int Line, int Column) place)
        : base(file, place.Line, place.Column) => (Entries, _byKey) = (entries, Index(entries));

    /// <summary>The entries in document order.</summary>
    public IReadOnlyList<KeyValuePair<YamlKey, YamlNode>> Entries { get; }

    // An index of the entries by key (the first of a repeated key) when they are too many to scan, else null.
    private static Dictionary<string, KeyValuePair<YamlKey, YamlNode>>? Index(IReadOnlyList<KeyValuePair<YamlKey, YamlNode>> entries)
    {
        if (entries.Count <= ScannedUpTo)
        {
            return null;
        }

        var byKey = new Dictionary<string, KeyValuePair<YamlKey, YamlNode>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            byKey.TryAdd(entry.Key.Value, entry);
        }

        return byKey;
    }

    /// <inheritdoc />
    public override string ShapeName => "a mapping";

    /// <summary>Whether two entries have the same key.</summary>
    internal bool HasRepeatedKey
    {
        get
        {
            if (_byKey is not null)
            {
                return _byKey.Count < Entries.Count;
            }

            for (var i = 1; i < Entries.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (string.Equals(Entries[i].Key.Value, Entries[j].Key.Value, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>The value under <paramref name="key"/>, or null (also for an explicit YAML null).</summary>
    public YamlNode? Get(string key) =>
        Find(key) is { } entry && entry.Value is not YamlScalar { IsNull: true } ? entry.Value : null;

    /// <summary>The mark of the key <paramref name="key"/>, or the mapping's mark when absent.</summary>
    public SourceMark KeyMark(string key) => Find(key) is { } entry ? entry.Key.Mark : Mark;

    // The first entry with the key.
    private KeyValuePair<YamlKey, YamlNode>? Find(string key)
    {
        if (_byKey is not null)
        {
            return _byKey.TryGetValue(key, out var found) ? found : null;
        }

        for (var i = 0; i < Entries.Count; i++)
        {
            if (string.Equals(Entries[i].Key.Value, key, StringComparison.Ordinal))
            {
                return Entries[i];
            }
        }

        return null;
    }
}
