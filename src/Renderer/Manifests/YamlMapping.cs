using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>A YAML mapping with string keys; duplicate keys were reported while parsing (the first one wins).</summary>
internal sealed class YamlMapping : YamlNode
{
    private readonly Dictionary<string, KeyValuePair<YamlScalar, YamlNode>> _byKey;

    // The builder's own index of the entries by key (each key once, the entries' own): not built a second time.
    internal YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> entries, Dictionary<string, KeyValuePair<YamlScalar, YamlNode>> byKey, SourceMark mark)
        : base(mark)
    {
        Entries = entries;
        _byKey = byKey;
    }

    internal YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> entries, SourceMark mark)
        : base(mark)
    {
        Entries = entries;
        _byKey = new Dictionary<string, KeyValuePair<YamlScalar, YamlNode>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            _byKey.TryAdd(entry.Key.Value, entry);
        }
    }

    /// <summary>How many distinct keys the entries have (fewer than the entries when a key repeats).</summary>
    internal int DistinctKeyCount => _byKey.Count;

    /// <summary>The entries in document order.</summary>
    public IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries { get; }

    /// <inheritdoc />
    public override string ShapeName => "a mapping";

    /// <summary>The value under <paramref name="key"/>, or null (also for an explicit YAML null).</summary>
    public YamlNode? Get(string key) =>
        _byKey.TryGetValue(key, out var entry) && entry.Value is not YamlScalar { IsNull: true } ? entry.Value : null;

    /// <summary>The mark of the key <paramref name="key"/>, or the mapping's mark when absent.</summary>
    public SourceMark KeyMark(string key) => _byKey.TryGetValue(key, out var entry) ? entry.Key.Mark : Mark;
}
