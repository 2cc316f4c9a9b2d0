using System.Globalization;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>Typed access to mapping fields; a value of the wrong shape is a diagnostic and reads as absent.</summary>
internal sealed class FieldReader(DiagnosticBag diagnostics)
{
    /// <summary>Where findings go.</summary>
    public DiagnosticBag Diagnostics { get; } = diagnostics;

    /// <summary>A string field (scalars of any style), or null.</summary>
    public string? Str(YamlMapping? map, string key, bool required = false)
    {
        var node = Node(map, key, required);
        switch (node)
        {
            case null:
                return null;
            case YamlScalar s:
                return s.Value;
            default:
                Wrong(node, key, "a string");
                return null;
        }
    }

    /// <summary>An integer field, or null.</summary>
    public long? Int(YamlMapping? map, string key, bool required = false)
    {
        var node = Node(map, key, required);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalar s && long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Wrong(node, key, "an integer");
        return null;
    }

    /// <summary>An integer field checked against a range; out of range is a diagnostic and reads as null.</summary>
    public long? IntInRange(YamlMapping? map, string key, long min, long max, bool required = false)
    {
        var value = Int(map, key, required);
        if (value is { } v && (v < min || v > max))
        {
            Diagnostics.Error(DiagnosticCodes.OutOfRange, map!.Get(key)!.Mark, $"'{key}' is {v}; it must be between {min} and {max}");
            return null;
        }

        return value;
    }

    /// <summary>A boolean field, or null.</summary>
    public bool? Bool(YamlMapping? map, string key)
    {
        var node = Node(map, key, false);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalar s && bool.TryParse(s.Value, out var value))
        {
            return value;
        }

        Wrong(node, key, "true or false");
        return null;
    }

    /// <summary>A mapping field, or null.</summary>
    public YamlMapping? Map(YamlMapping? map, string key, bool required = false)
    {
        var node = Node(map, key, required);
        if (node is null or YamlMapping)
        {
            return (YamlMapping?)node;
        }

        Wrong(node, key, "a mapping");
        return null;
    }

    /// <summary>A sequence field's items (empty when absent).</summary>
    public IReadOnlyList<YamlNode> Seq(YamlMapping? map, string key, bool required = false)
    {
        var node = Node(map, key, required);
        if (node is null)
        {
            return [];
        }

        if (node is YamlSequence seq)
        {
            return seq.Items;
        }

        Wrong(node, key, "a list");
        return [];
    }

    /// <summary>The mapping items of a sequence field; other items are diagnostics.</summary>
    public IReadOnlyList<YamlMapping> MapSeq(YamlMapping? map, string key, bool required = false)
    {
        // Most optional lists are absent: no list is made for them; a present one is sized once.
        var items = Seq(map, key, required);
        return items.Count == 0 ? [] : OnlyMappings(items, key);
    }

    /// <summary>
    /// The mapping items of a sequence field as <see cref="MapSeq"/> gives them, with the same diagnostics, but without a
    /// list when every item is a mapping.
    /// </summary>
    public MappingItems Mappings(YamlMapping? map, string key, bool required = false)
    {
        var items = Seq(map, key, required);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not YamlMapping)
            {
                return new MappingItems(OnlyMappings(items, key));
            }
        }

        return new MappingItems(items);
    }

    // The mappings among items; each other item is a diagnostic.
    private List<YamlMapping> OnlyMappings(IReadOnlyList<YamlNode> items, string key)
    {
        var result = new List<YamlMapping>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is YamlMapping m)
            {
                result.Add(m);
            }
            else
            {
                Wrong(item, key + "[]", "a mapping");
            }
        }

        return result;
    }

    /// <summary>The string items of a sequence field, with their marks.</summary>
    public IReadOnlyList<YamlScalar> StrSeq(YamlMapping? map, string key)
    {
        var items = Seq(map, key);
        if (items.Count == 0)
        {
            return [];
        }

        var result = new List<YamlScalar>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is YamlScalar { IsNull: false } s)
            {
                result.Add(s);
            }
            else
            {
                Wrong(item, key + "[]", "a string");
            }
        }

        return result;
    }

    /// <summary>A string-to-string mapping field (labels, annotations, selectors), sorted by key.</summary>
    public OrdinalMap<string> StrMap(YamlMapping? map, string key)
    {
        var result = new OrdinalMap<string>();
        var inner = Map(map, key);
        if (inner is null)
        {
            return result.Complete();
        }

        foreach (var entry in inner.Entries)
        {
            if (entry.Value is YamlScalar s)
            {
                result.Set(entry.Key.Value, s.IsNull ? "" : s.Value);
            }
            else
            {
                Wrong(entry.Value, entry.Key.Value, "a string");
            }
        }

        return result;
    }

    private YamlNode? Node(YamlMapping? map, string key, bool required)
    {
        var node = map?.Get(key);
        if (node is null && required && map is not null)
        {
            Diagnostics.Error(DiagnosticCodes.MissingField, map.Mark, $"the required field '{key}' is missing: add it");
        }

        return node;
    }

    private void Wrong(YamlNode node, string key, string expected) =>
        Diagnostics.Error(DiagnosticCodes.InvalidField, node.Mark, $"'{key}' must be {expected}, not {node.ShapeName}");
}
