using System.Globalization;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// Turns YAML values into the values CEL rules see, as the API server does before it evaluates them: scalars
/// typed by the schema (an <c>integer</c> is an int, a <c>boolean</c> a bool, …), objects as maps whose field
/// names are escaped (<c>namespace</c> is <c>__namespace__</c>), and the schema's <c>default:</c> values filled in
/// for absent fields (a path match without <c>type</c> is a <c>PathPrefix</c> match).
/// </summary>
internal static class CelValues
{
    // https://kubernetes.io/docs/reference/using-api/cel/#escaping: CEL keywords are reachable as __keyword__ (each
    // escaped name made once: a route's parentRefs and backendRefs all have a namespace).
    private static readonly Dictionary<string, string> Keywords = new[]
    {
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if",
        "import", "let", "loop", "package", "namespace", "return", "var", "void", "while",
    }.ToDictionary(keyword => keyword, keyword => $"__{keyword}__", StringComparer.Ordinal);

    /// <summary>The name a rule uses for the property <paramref name="name"/>.</summary>
    public static string PropertyName(string name)
    {
        if (Keywords.TryGetValue(name, out var escaped))
        {
            return escaped;
        }

        if (name.AsSpan().IndexOfAny("_.-/") < 0)
        {
            return name;
        }

        return name.Replace("__", "__underscores__", StringComparison.Ordinal).Replace(".", "__dot__", StringComparison.Ordinal)
            .Replace("-", "__dash__", StringComparison.Ordinal).Replace("/", "__slash__", StringComparison.Ordinal);
    }

    /// <summary>The typed value of a scalar the schema pass accepted, or null when it has no value of that type.</summary>
    public static object? Scalar(YamlScalar s, SchemaNode schema)
    {
        // Booleans and small integers are the shared boxes (a route's weights, ports, counts): the same values, none made per read.
        if (schema.IntOrString)
        {
            return s.Plain && long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? CelOperations.Integer(n) : s.Value;
        }

        return schema.Type switch
        {
            "integer" => long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? CelOperations.Integer(i) : null,
            "number" => double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            "boolean" => bool.TryParse(s.Value, out var b) ? CelOperations.Boolean(b) : null,
            _ => s.Value,
        };
    }

    /// <summary>
    /// The value CEL rules see for <paramref name="node"/> under <paramref name="schema"/>, once the schema pass found
    /// nothing wrong in it: a scalar typed by the schema (null when it has no value of that type), an object or a list
    /// as a view that builds its fields or items only when a rule reads them (<see cref="CelMapView"/>,
    /// <see cref="CelListView"/>). <paramref name="root"/> marks a document's root, whose <c>metadata</c> is read with
    /// <see cref="SchemaCatalog.ObjectMeta"/>. The children of a view are made through <paramref name="views"/>.
    /// </summary>
    public static object? Of(YamlNode node, SchemaNode schema, bool root, CelViews views)
    {
        if (node is YamlScalar { IsNull: true })
        {
            return null;
        }

        if (schema.IntOrString)
        {
            return node is YamlScalar v ? Scalar(v, schema) : null;
        }

        return (schema.Type, node) switch
        {
            ("object", YamlMapping map) => new CelMapView(map, schema, root, views),
            ("array", YamlSequence seq) => new CelListView(seq, schema.Items, views),
            ("string", YamlScalar s) => s.Value,
            ("integer" or "number" or "boolean", YamlScalar s) => Scalar(s, schema),
            ("object" or "array" or "string" or "integer" or "number" or "boolean", _) => null,
            _ => Typed(node, null),
        };
    }

    /// <summary>
    /// <paramref name="value"/> with every view replaced by the maps and lists it stands for, built in full: what the
    /// <c>Cel</c> package is given, since it knows only its own collection types.
    /// </summary>
    public static object? Plain(object? value) => value switch
    {
        CelMapView view => view.ToDictionary(entry => entry.Key, entry => Plain(entry.Value), StringComparer.Ordinal),
        CelListView view => view.Cast<object?>().Select(Plain).ToList(),
        _ => value,
    };

    /// <summary>Fills the defaults of <paramref name="schema"/>'s absent properties into <paramref name="fields"/>.</summary>
    public static void AddDefaults(Dictionary<string, object?> fields, YamlMapping map, SchemaNode schema)
    {
        foreach (var (name, property) in schema.Defaulted)
        {
            if (map.Get(name) is null)
            {
                fields[PropertyName(name)] = Typed(property.Default!, property);
            }
        }
    }

    // A list's items typed as they are; apart from Typed, whose lambda over its schema was a closure made on every call
    // (every default filled in), not only for a list.
    private static List<object?> Items(YamlSequence seq, SchemaNode? items)
    {
        var typed = new List<object?>(seq.Items.Count);
        for (var i = 0; i < seq.Items.Count; i++)
        {
            typed.Add(Typed(seq.Items[i], items));
        }

        return typed;
    }

    /// <summary>The value of a node taken as it is (a default, or a field the schema leaves open).</summary>
    public static object? Typed(YamlNode node, SchemaNode? schema)
    {
        switch (node)
        {
            case YamlScalar { IsNull: true }:
                return null;
            case YamlScalar s:
                return schema is null ? s.Value : Scalar(s, schema);
            case YamlSequence seq:
                return Items(seq, schema?.Items);
            case YamlMapping map:
                var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in map.Entries)
                {
                    var property = schema?.Properties?.GetValueOrDefault(key.Value);
                    if (Typed(value, property ?? schema?.AdditionalProperties) is { } v)
                    {
                        fields[property is null ? key.Value : PropertyName(key.Value)] = v;
                    }
                }

                if (schema is not null)
                {
                    AddDefaults(fields, map, schema);
                }

                return fields;
            default:
                return null;
        }
    }
}
